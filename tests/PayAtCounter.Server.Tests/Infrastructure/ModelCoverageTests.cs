using NJsonSchema;
using PayAtCounter.Contracts;

namespace PayAtCounter.Server.Tests.Infrastructure;

/// <summary>Every property of every response schema of the official document exists on the shared wire model.</summary>
public sealed class ModelCoverageTests
{
    public static TheoryData<string, Type> ResponseSchemas => new()
    {
        { "PaymentIntent", typeof(PaymentIntent) }, { "PaymentDetails", typeof(PaymentDetails) }, { "Card", typeof(Card) },
        { "PaymentStatusResponse", typeof(PaymentStatusResponse) }, { "CaptureDetails", typeof(CaptureDetails) }, { "Capture", typeof(Capture) },
        { "Refund", typeof(Refund) }, { "Reversal", typeof(Reversal) }, { "PagedResultOfPaymentIntent", typeof(PagedPaymentIntent) },
        { "Customer", typeof(Customer) }, { "Address", typeof(Address) }, { "ShippingDetails", typeof(ShippingDetails) },
        { "RequestSecurity", typeof(RequestSecurity) }, { "ItemLine", typeof(ItemLine) }, { "Modifier", typeof(Modifier) }, { "TaxLine", typeof(TaxLine) },
        { "ActionLink", typeof(ActionLink) }, { "MerchantConfig", typeof(MerchantConfig) }, { "SupportedPaymentMethods", typeof(SupportedPaymentMethods) },
        { "PaymentIntentConfigResponse", typeof(PaymentIntentConfig) }, { "OrderDetails", typeof(OrderDetails) }, { "Money", typeof(Money) },
        { "Terminal", typeof(Terminal) }, { "TerminalProperties", typeof(TerminalProperties) }, { "TerminalSession", typeof(TerminalSession) },
        { "TerminalSessionDetails", typeof(TerminalSessionDetails) }, { "TerminalSessionResponse", typeof(TerminalSessionResponse) },
        { "TerminalSessionPaymentResponse", typeof(TerminalSessionPaymentResponse) }, { "TerminalSessionHistoryResponse", typeof(TerminalSessionHistoryResponse) },
        { "TerminalSessionStatusEvent", typeof(TerminalSessionStatusEvent) }, { "TerminalSessionNotification", typeof(TerminalSessionNotification) },
        { "TerminalSessionReceipt", typeof(TerminalSessionReceipt) }, { "TerminalSessionReceiptLine", typeof(TerminalSessionReceiptLine) },
        { "TerminalSessionReceiptText", typeof(TerminalSessionReceiptText) }, { "TerminalSessionReceiptImageLogo", typeof(TerminalSessionReceiptImageLogo) },
        { "Subscription", typeof(Subscription) }, { "SubscriptionSecret", typeof(SubscriptionSecret) }, { "SecretsResponse", typeof(SecretsResponse) },
        { "WebhookEvents", typeof(WebhookEvents) }, { "ProblemDetails", typeof(ProblemDetailsBody) }, { "Error", typeof(TerminalsErrorBody) },
        { "ErrorResponse", typeof(WebhooksErrorBody) },
    };

    [Theory]
    [MemberData(nameof(ResponseSchemas))]
    public async Task No_response_field_of_the_official_schema_is_missing_from_the_models(string schemaName, Type model)
    {
        var spec = await DojoSpec.GetAsync();
        var schema = spec.Schema(schemaName);

        var modelNames = DojoJson.Options.GetTypeInfo(model).Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var schemaNames = schema.ActualProperties.Keys.Concat(schema.AllOf.SelectMany(a => a.ActualSchema.ActualProperties.Keys)).ToList();

        Assert.NotEmpty(schemaNames);
        Assert.All(schemaNames, name => Assert.Contains(name, modelNames));
    }
}
