using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PayAtCounter.Contracts;
using PayAtCounter.Engine;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Versioning;

namespace PayAtCounter.Server.PaymentIntents;

/// <summary>The <c>/payment-intents</c> endpoints (contract §2.1–2.11).</summary>
public static class PaymentIntentsApi
{
    /// <summary>Registers the feature's services.</summary>
    public static IServiceCollection AddPaymentIntents(this IServiceCollection services)
        => services.AddScoped<PaymentIntentStore>().AddSingleton<NewPaymentIntents>();

    /// <summary>Maps the endpoints.</summary>
    public static RouteGroupBuilder MapPaymentIntentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/payment-intents")
            .WithTags("Payment intents")
            .RequireApiKey()
            .WithMetadata(new RequiresDojoVersionAttribute());

        api.MapPost("/", Create).WithName("PaymentIntents_CreatePaymentIntent").WithSummary("Create a payment intent");
        api.MapPost("/search", Search).WithName("PaymentIntents_Search").WithSummary("Search the account's payment intents, newest first");
        api.MapGet("/refunds/{refundId}", GetRefund).WithName("PaymentIntents_GetRefundById").WithSummary("Get a refund by id");
        api.MapGet("/{paymentIntentId}", Get).WithName("PaymentIntents_Get").WithSummary("Get a payment intent");
        api.MapDelete("/{paymentIntentId}", Cancel).WithName("PaymentIntents_Delete").WithSummary("Cancel a payment intent");
        api.MapPost("/{paymentIntentId}/amount", SetAmount).WithName("PaymentIntents_SetCustomAmount").WithSummary("Change the amount of an uncaptured payment intent");
        api.MapPost("/{paymentIntentId}/tips-amount", SetTips).WithName("PaymentIntents_SetTipsAmount").WithSummary("Set the tip of a payment intent");
        api.MapPost("/{paymentIntentId}/captures", Capture).WithName("Captures_Create").WithSummary("Capture an authorized (pre-auth) payment, in full or in part");
        api.MapPost("/{paymentIntentId}/refunds", Refund).WithName("Refunds_Create").WithSummary("Refund a captured payment, in full or in part (idempotencyKey header)");
        api.MapPost("/{paymentIntentId}/reversal", Reverse).WithName("Reversal_Create").WithSummary("Reverse an authorized or captured payment");
        api.MapPost("/{paymentIntentId}/receipt", SendReceipt).WithName("Receipt_Create").WithSummary("Email a receipt (the sandbox checks the request and sends nothing)");
        return api;
    }

    // Not the [AsParameters] context of the others: its stores would rent a database context this write never uses.
    private static async Task<Results<Ok<PaymentIntent>, ApiError>> Create(
        CreatePaymentIntentRequest request, HttpContext http, NewPaymentIntents intents, TimeProvider clock, IdGenerator ids, IOptions<SandboxOptions> sandbox)
    {
        var now = clock.GetUtcNow();
        var (command, error) = PaymentIntentValidation.Create(request, now);
        if (error is not null)
        {
            return error;
        }
        var account = http.Account();
        var change = PaymentIntentCommands.Create(command!, account.Id, account.IsSandbox, now, ids);
        await intents.AddAsync(change);
        // No terminal session can have used an intent just created: its history is empty.
        return TypedResults.Ok(PaymentIntentMapping.ToWire(change.State, http.RequestedVersion(), sandbox.Value.TradingName, []));
    }

    private static async Task<Results<Ok<PaymentIntent>, ApiError>> Get(string paymentIntentId, bool? returnCanceled, [AsParameters] PaymentIntentRequestContext ctx, CancellationToken ct)
    {
        var state = await ctx.Store.FindAsync(ctx.Account.Id, paymentIntentId, ct);
        // Rule 15: a canceled intent is hidden unless asked for.
        if (state is null || (state.Status == PaymentIntentStatus.Canceled && returnCanceled != true))
        {
            return NotFound(paymentIntentId);
        }
        return TypedResults.Ok(await ctx.WireAsync(state, ct));
    }

    private static Task<Results<Ok<PaymentIntent>, ApiError>> Cancel(string paymentIntentId, [AsParameters] PaymentIntentRequestContext ctx, CancellationToken ct)
    {
        var now = ctx.Clock.GetUtcNow();
        return Change(ctx, paymentIntentId, state => state.Status == PaymentIntentStatus.Canceled
            ? DomainError.NotFound(NotFoundMessage(paymentIntentId))
            : PaymentIntentCommands.Cancel(state, now), ct);
    }

    private static Task<Results<Ok<PaymentIntent>, ApiError>> SetAmount(string paymentIntentId, SetAmountRequest request, [AsParameters] PaymentIntentRequestContext ctx, CancellationToken ct)
    {
        if (PaymentIntentValidation.SetAmount(request) is { } error)
        {
            return Task.FromResult<Results<Ok<PaymentIntent>, ApiError>>(error);
        }
        var now = ctx.Clock.GetUtcNow();
        return Change(ctx, paymentIntentId, state => PaymentIntentCommands.ChangeAmount(state, request.Amount!, request.ItemLines, request.TaxLines, now), ct);
    }

    private static Task<Results<Ok<PaymentIntent>, ApiError>> SetTips(string paymentIntentId, SetTipsAmountRequest request, [AsParameters] PaymentIntentRequestContext ctx, CancellationToken ct)
    {
        if (PaymentIntentValidation.SetTips(request) is { } error)
        {
            return Task.FromResult<Results<Ok<PaymentIntent>, ApiError>>(error);
        }
        var now = ctx.Clock.GetUtcNow();
        return Change(ctx, paymentIntentId, state => PaymentIntentCommands.SetTips(state, request.TipsAmount!, now), ct);
    }

    private static async Task<Results<Ok<Capture>, ApiError>> Capture(string paymentIntentId, CreateCaptureRequest request, [AsParameters] PaymentIntentRequestContext ctx, CancellationToken ct)
    {
        if (PaymentIntentValidation.Capture(request) is { } error)
        {
            return error;
        }
        var now = ctx.Clock.GetUtcNow();
        var outcome = await ctx.Store.UpdateAsync(ctx.Account.Id, paymentIntentId,
            state => PaymentIntentCommands.Capture(state, request.Amount!.Value, request.TipsAmount, now, ctx.Ids), ct);
        return outcome.Succeeded
            ? TypedResults.Ok(new Capture { Message = outcome.Value!.Result.Message, CaptureId = outcome.Value.Result.CaptureId })
            : ApiError.From(outcome.Error!);
    }

    private static async Task<Results<Ok<Refund>, ApiError>> Refund(
        string paymentIntentId,
        CreateRefundRequest request,
        [FromHeader(Name = "idempotencyKey")] string? idempotencyKey,
        [AsParameters] PaymentIntentRequestContext ctx,
        CancellationToken ct)
    {
        if (PaymentIntentValidation.Refund(request, idempotencyKey) is { } error)
        {
            return error;
        }
        // Contract A2: the guides never send the key, so a missing one means "a new refund".
        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? ctx.Ids.TransactionId() : idempotencyKey;
        var outcome = await ctx.Store.RefundAsync(ctx.Account.Id, paymentIntentId, request, key, ctx.Clock.GetUtcNow(), ct);
        return outcome.Succeeded ? TypedResults.Ok(PaymentIntentMapping.ToWire(outcome.Value!)) : ApiError.From(outcome.Error!);
    }

    private static async Task<Results<Ok<Refund>, ApiError>> GetRefund(string refundId, [AsParameters] PaymentIntentRequestContext ctx, CancellationToken ct)
    {
        var refund = await ctx.Store.FindRefundAsync(ctx.Account.Id, refundId, ct);
        return refund is null ? ApiError.NotFound($"No refund with id {refundId}.") : TypedResults.Ok(PaymentIntentMapping.ToWire(refund));
    }

    private static async Task<Results<Ok<Reversal>, ApiError>> Reverse(string paymentIntentId, [AsParameters] PaymentIntentRequestContext ctx, CancellationToken ct)
    {
        var now = ctx.Clock.GetUtcNow();
        var outcome = await ctx.Store.UpdateAsync(ctx.Account.Id, paymentIntentId, state => PaymentIntentCommands.Reverse(state, now, ctx.Ids), ct);
        return outcome.Succeeded
            ? TypedResults.Ok(new Reversal { Message = outcome.Value!.Result.Message, ReversalId = outcome.Value.Result.ReversalId })
            : ApiError.From(outcome.Error!);
    }

    private static async Task<Results<NoContent, ApiError>> SendReceipt(string paymentIntentId, SendEmailReceiptRequest request, [AsParameters] PaymentIntentRequestContext ctx, CancellationToken ct)
    {
        if (PaymentIntentValidation.Receipt(request) is { } error)
        {
            return error;
        }
        // The sandbox sends no email: it only checks the request and that the intent exists.
        var state = await ctx.Store.FindAsync(ctx.Account.Id, paymentIntentId, ct);
        // Rule 17: after cancellation every operation fails; a canceled intent is not found, as with GET.
        return state is null || state.Status == PaymentIntentStatus.Canceled ? NotFound(paymentIntentId) : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<PagedPaymentIntent>, ApiError>> Search(SearchPaymentIntentRequest request, [AsParameters] PaymentIntentRequestContext ctx, CancellationToken ct)
    {
        var (query, error) = PaymentIntentValidation.Search(request);
        if (error is not null)
        {
            return error;
        }
        var page = await ctx.Store.SearchAsync(ctx.Account.Id, query!, ct);
        return TypedResults.Ok(new PagedPaymentIntent { Data = await ctx.WireAsync(page.Items, ct), Before = page.Before, After = page.After });
    }

    private static async Task<Results<Ok<PaymentIntent>, ApiError>> Change(PaymentIntentRequestContext ctx, string id, Func<PaymentIntentState, Outcome<PaymentIntentChange>> command, CancellationToken ct)
    {
        var outcome = await ctx.Store.UpdateAsync(ctx.Account.Id, id, command, ct);
        return outcome.Succeeded ? TypedResults.Ok(await ctx.WireAsync(outcome.Value!.State, ct)) : ApiError.From(outcome.Error!);
    }

    private static ApiError NotFound(string id) => ApiError.NotFound(NotFoundMessage(id));

    private static string NotFoundMessage(string id) => $"No payment intent with id {id}.";
}
