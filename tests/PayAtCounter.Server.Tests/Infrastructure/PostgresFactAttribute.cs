namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>A test of what only PostgreSQL offers (instances sharing a database); skipped, saying why, without one.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Skips unless <c>PAC_TEST_POSTGRES</c> names a server (./test.sh starts one and sets it).</summary>
    public PostgresFactAttribute()
    {
        if (TestStorage.Postgres is null)
        {
            Skip = "Needs PostgreSQL: set PAC_TEST_POSTGRES to a connection string (./test.sh does).";
        }
    }
}
