using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayAtCounter.Client.Sandbox;

/// <summary>Source-generated JSON metadata for the sandbox API's shapes, with the same conventions as Dojo's.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SandboxClock))]
[JsonSerializable(typeof(VirtualTerminal))]
[JsonSerializable(typeof(List<VirtualTerminal>))]
[JsonSerializable(typeof(VirtualTerminalChange))]
[JsonSerializable(typeof(PresentedCard))]
[JsonSerializable(typeof(NextSessionPlan))]
[JsonSerializable(typeof(SandboxReset))]
[JsonSerializable(typeof(SandboxSnapshot))]
[JsonSerializable(typeof(List<SandboxSnapshot>))]
[JsonSerializable(typeof(FaultRuleRequest))]
[JsonSerializable(typeof(FaultRule))]
[JsonSerializable(typeof(List<FaultRule>))]
[JsonSerializable(typeof(ReadinessRun))]
[JsonSerializable(typeof(List<ReadinessRun>))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
[JsonSerializable(typeof(WebhookDelivery))]
[JsonSerializable(typeof(List<WebhookDelivery>))]
[JsonSerializable(typeof(DeliveryRuleRequest))]
[JsonSerializable(typeof(DeliveryRule))]
[JsonSerializable(typeof(List<DeliveryRule>))]
[JsonSerializable(typeof(WebhookReplay))]
[JsonSerializable(typeof(WebhookTestEvent))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext
{
}
