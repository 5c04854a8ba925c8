using System.Runtime.CompilerServices;
using PayAtCounter.Contracts;

namespace PayAtCounter.Client;

/// <summary>The <c>/payment-intents</c> operations.</summary>
public class PaymentIntentsClient
{
    private readonly DojoClient _client = null!;

    /// <summary>For mocking.</summary>
    protected PaymentIntentsClient()
    {
    }

    internal PaymentIntentsClient(DojoClient client) => _client = client;

    /// <summary>Creates a payment intent.</summary>
    public virtual Task<PaymentIntent> CreateAsync(CreatePaymentIntentRequest request, CancellationToken cancellationToken = default)
        => _client.SendAsync<PaymentIntent>(HttpMethod.Post, "payment-intents", DojoClient.Json(request), false, null, cancellationToken);

    /// <summary>Gets a payment intent; a canceled one only with <paramref name="returnCanceled"/>.</summary>
    public virtual Task<PaymentIntent> GetAsync(string paymentIntentId, bool returnCanceled = false, CancellationToken cancellationToken = default)
        => _client.SendAsync<PaymentIntent>(HttpMethod.Get, $"payment-intents/{DojoClient.Segment(paymentIntentId)}" + (returnCanceled ? "?returnCanceled=true" : ""), null, false, null, cancellationToken);

    /// <summary>Cancels a payment intent that is still <c>Created</c>.</summary>
    public virtual Task<PaymentIntent> CancelAsync(string paymentIntentId, CancellationToken cancellationToken = default)
        => _client.SendAsync<PaymentIntent>(HttpMethod.Delete, $"payment-intents/{DojoClient.Segment(paymentIntentId)}", null, false, null, cancellationToken);

    /// <summary>Changes the amount (also repeatedly on an authorized pre-authorization).</summary>
    public virtual Task<PaymentIntent> ChangeAmountAsync(string paymentIntentId, SetAmountRequest request, CancellationToken cancellationToken = default)
        => _client.SendAsync<PaymentIntent>(HttpMethod.Post, $"payment-intents/{DojoClient.Segment(paymentIntentId)}/amount", DojoClient.Json(request), false, null, cancellationToken);

    /// <summary>Sets the tip.</summary>
    public virtual Task<PaymentIntent> SetTipsAsync(string paymentIntentId, SetTipsAmountRequest request, CancellationToken cancellationToken = default)
        => _client.SendAsync<PaymentIntent>(HttpMethod.Post, $"payment-intents/{DojoClient.Segment(paymentIntentId)}/tips-amount", DojoClient.Json(request), false, null, cancellationToken);

    /// <summary>Captures an authorized intent, fully or partly.</summary>
    public virtual Task<Capture> CaptureAsync(string paymentIntentId, CreateCaptureRequest request, CancellationToken cancellationToken = default)
        => _client.SendAsync<Capture>(HttpMethod.Post, $"payment-intents/{DojoClient.Segment(paymentIntentId)}/captures", DojoClient.Json(request), false, null, cancellationToken);

    /// <summary>
    /// Refunds a captured intent. <paramref name="idempotencyKey"/> makes a retry return the first refund
    /// instead of refunding twice; a new one is generated when none is given.
    /// </summary>
    public virtual Task<Refund> RefundAsync(string paymentIntentId, CreateRefundRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
        => _client.SendAsync<Refund>(HttpMethod.Post, $"payment-intents/{DojoClient.Segment(paymentIntentId)}/refunds", DojoClient.Json(request), false,
            [new KeyValuePair<string, string>("idempotencyKey", idempotencyKey ?? Guid.NewGuid().ToString("N"))], cancellationToken);

    /// <summary>Gets a refund.</summary>
    public virtual Task<Refund> GetRefundAsync(string refundId, CancellationToken cancellationToken = default)
        => _client.SendAsync<Refund>(HttpMethod.Get, $"payment-intents/refunds/{DojoClient.Segment(refundId)}", null, false, null, cancellationToken);

    /// <summary>Reverses an authorized or captured intent.</summary>
    public virtual Task<Reversal> ReverseAsync(string paymentIntentId, CancellationToken cancellationToken = default)
        => _client.SendAsync<Reversal>(HttpMethod.Post, $"payment-intents/{DojoClient.Segment(paymentIntentId)}/reversal", null, false, null, cancellationToken);

    /// <summary>Emails a receipt.</summary>
    public virtual async Task SendReceiptAsync(string paymentIntentId, SendEmailReceiptRequest request, CancellationToken cancellationToken = default)
        => await _client.SendRawAsync(HttpMethod.Post, $"payment-intents/{DojoClient.Segment(paymentIntentId)}/receipt", DojoClient.Json(request), false, null, cancellationToken).ConfigureAwait(false);

    /// <summary>One page of a search.</summary>
    public virtual Task<PagedPaymentIntent> SearchAsync(SearchPaymentIntentRequest request, CancellationToken cancellationToken = default)
        => _client.SendAsync<PagedPaymentIntent>(HttpMethod.Post, "payment-intents/search", DojoClient.Json(request), false, null, cancellationToken);

    /// <summary>Every intent matching <paramref name="request"/>, newest first, following the <c>after</c> cursor page by page.</summary>
    public virtual async IAsyncEnumerable<PaymentIntent> SearchAllAsync(SearchPaymentIntentRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursor = new Cursor { Limit = request.Cursor?.Limit, After = request.Cursor?.After };
        while (true)
        {
            var page = await SearchAsync(new SearchPaymentIntentRequest { Statuses = request.Statuses, StartDate = request.StartDate, EndDate = request.EndDate, Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            foreach (var intent in page.Data ?? [])
            {
                yield return intent;
            }
            if (page.After is null || page.Data is not { Count: > 0 })
            {
                yield break;
            }
            cursor = new Cursor { Limit = cursor.Limit, After = page.After };
        }
    }
}
