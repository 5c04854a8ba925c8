using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using PayAtCounter.Server.Readiness;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.Dashboard;

/// <summary>
/// Data protection's key ring in the server's own database (<see cref="DataProtectionKeyRow"/>). The interface is
/// synchronous; it is called when the key ring is first needed and when a key is made (every 90 days), never per
/// request, so the blocking calls cost nothing that matters.
/// </summary>
public sealed class DatabaseKeyRepository(IServiceScopeFactory scopes, WallClock wallClock) : IXmlRepository
{
    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PayAtCounterDb>();
        return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.CreatedAtTicks).Select(k => k.Xml).ToList().Select(XElement.Parse).ToList();
    }

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        var work = new UnitOfWork();
        work.Add(new DataProtectionKeyRow
        {
            Id = string.IsNullOrEmpty(friendlyName) ? $"key-{Guid.NewGuid():D}" : friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
            CreatedAtTicks = wallClock.GetUtcNow().UtcTicks,
        });
        using var scope = scopes.CreateScope();
        if (!scope.ServiceProvider.GetRequiredService<StorageWriter>().CommitAsync(work).GetAwaiter().GetResult())
        {
            throw new InvalidOperationException($"A data protection key named {friendlyName} is already stored.");
        }
    }
}
