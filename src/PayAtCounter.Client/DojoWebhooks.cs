using System.Text.Json;
using PayAtCounter.Contracts;

namespace PayAtCounter.Client;

/// <summary>Checks and reads webhook deliveries (the <c>Dojo-Signature</c> scheme of contract §5.2).</summary>
public static class DojoWebhooks
{
    /// <summary>
    /// Verifies <paramref name="signatureHeader"/> over the raw <paramref name="body"/> with <paramref name="secret"/>
    /// (constant-time) and returns the typed payload; throws <see cref="DojoWebhookException"/> with a distinct message
    /// for each failure.
    /// </summary>
    public static WebhookPayload ParseAndVerify(string body, string? signatureHeader, string secret)
    {
        if (string.IsNullOrEmpty(body))
        {
            throw new DojoWebhookException("The webhook body is empty.");
        }
        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            throw new DojoWebhookException($"The {WebhookSignature.HeaderName} header is missing.");
        }
        var parts = signatureHeader!.Trim().Split('=');
        if (parts.Length != 2)
        {
            throw new DojoWebhookException($"The {WebhookSignature.HeaderName} header is not of the form sha256=<signature>.");
        }
        if (parts[0] != "sha256")
        {
            throw new DojoWebhookException($"The signature algorithm '{parts[0]}' is not supported; expected sha256.");
        }
        if (!WebhookSignature.IsValid(body, secret, signatureHeader))
        {
            throw new DojoWebhookException("Invalid payload signature.");
        }
        try
        {
            return JsonSerializer.Deserialize(body, ClientJson.TypeInfo<WebhookPayload>()) ?? throw new DojoWebhookException("The webhook body is empty JSON.");
        }
        catch (JsonException ex)
        {
            throw new DojoWebhookException("The webhook body is not a Dojo webhook payload: " + ex.Message);
        }
    }
}

/// <summary>A webhook delivery could not be verified or read.</summary>
public sealed class DojoWebhookException(string message) : Exception(message);
