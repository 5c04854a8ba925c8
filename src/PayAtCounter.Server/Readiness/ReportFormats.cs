using System.Globalization;
using System.Net;
using System.Text;
using PayAtCounter.Engine.Readiness;

namespace PayAtCounter.Server.Readiness;

/// <summary>A readiness report as Markdown and as a self-contained HTML page, to hand to a QA team.</summary>
public static class ReportFormats
{
    /// <summary>The report as Markdown.</summary>
    public static string Markdown(ReadinessReport report)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Go-live readiness: {report.Run.Name}").AppendLine();
        md.AppendLine(Header(report)).AppendLine();
        md.AppendLine("| | Passed | Failed | Not exercised | Confirm by hand |").AppendLine("|---|---|---|---|---|");
        md.AppendLine($"| Rows (optional ones not counted) | {report.Summary.Passed} | {report.Summary.Failed} | {report.Summary.NotExercised} | {report.Summary.ConfirmByHand} |").AppendLine();
        md.AppendLine($"**At least one method of refunding:** {report.MandatoryRefund.Verdict}. {Evidence(report.MandatoryRefund)}").AppendLine();
        foreach (var section in report.Rows.GroupBy(r => r.Section))
        {
            md.AppendLine($"## {section.Key}").AppendLine();
            md.AppendLine("| Row | Scenario | Verdict | Evidence, or how to exercise it |").AppendLine("|---|---|---|---|");
            foreach (var row in section)
            {
                var detail = row.Verdict == Verdict.NotExercised
                    ? $"{Evidence(row)} To exercise it: {row.HowToExercise}".Trim()
                    : Evidence(row);
                md.AppendLine($"| {row.Id} | {Cell(row.Title)}{(row.Optional ? " *(optional)*" : "")} | **{row.Verdict}** | {Cell(detail)} |");
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    /// <summary>The report as one HTML page with its styles inline: no script, nothing fetched.</summary>
    public static string Html(ReadinessReport report)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Go-live readiness: ").Append(E(report.Run.Name)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}table{border-collapse:collapse;width:100%;margin-bottom:2rem}")
            .Append("th,td{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}th{background:#f3f3f3}")
            .Append(".Passed{background:#dff3e3}.Failed{background:#fadcdc}.NotExercised{background:#f3f3f3}.ConfirmByHand{background:#fff4d6}")
            .Append("</style></head><body>");
        html.Append("<h1>Go-live readiness: ").Append(E(report.Run.Name)).Append("</h1><p>").Append(E(Header(report))).Append("</p>");
        html.Append("<table><tr><th>Passed</th><th>Failed</th><th>Not exercised</th><th>Confirm by hand</th></tr><tr>")
            .Append(CultureInfo.InvariantCulture, $"<td>{report.Summary.Passed}</td><td>{report.Summary.Failed}</td><td>{report.Summary.NotExercised}</td><td>{report.Summary.ConfirmByHand}</td></tr></table>");
        html.Append("<p><strong>At least one method of refunding:</strong> <span class=\"").Append(report.MandatoryRefund.Verdict).Append("\">")
            .Append(report.MandatoryRefund.Verdict).Append("</span>. ").Append(E(Evidence(report.MandatoryRefund))).Append("</p>");
        foreach (var section in report.Rows.GroupBy(r => r.Section))
        {
            html.Append("<h2>").Append(E(section.Key)).Append("</h2><table><tr><th>Row</th><th>Scenario</th><th>Verdict</th><th>Evidence, or how to exercise it</th></tr>");
            foreach (var row in section)
            {
                var detail = row.Verdict == Verdict.NotExercised ? $"{Evidence(row)} To exercise it: {row.HowToExercise}".Trim() : Evidence(row);
                html.Append("<tr class=\"").Append(row.Verdict).Append("\"><td>").Append(E(row.Id)).Append("</td><td>").Append(E(row.Title)).Append(row.Optional ? " (optional)" : "")
                    .Append("</td><td>").Append(row.Verdict).Append("</td><td>").Append(E(detail)).Append("</td></tr>");
            }
            html.Append("</table>");
        }
        return html.Append("</body></html>").ToString();
    }

    private static string Header(ReadinessReport report)
        => $"Run {report.Run.Id ?? "(all traffic)"}" + (report.Run.PosVersion is { } version ? $", POS version {version}" : "")
            + $", from {(report.Run.StartedAt == DateTimeOffset.MinValue ? "the start" : report.Run.StartedAt.ToString("u", CultureInfo.InvariantCulture))}"
            + (report.Run.EndedAt is { } end ? $" to {end.ToString("u", CultureInfo.InvariantCulture)}" : " (open)")
            + $". API versions: {(report.ApiVersions.Count == 0 ? "none" : string.Join(", ", report.ApiVersions))}. {report.RequestCount} requests recorded"
            + (report.Dropped > 0 ? $"; {report.Dropped} requests were not recorded since the server started, because the recorder was saturated" : "")
            + $". Unauthenticated requests: {report.UnauthenticatedTie}.";

    private static string Evidence(RowReport row)
        => string.Join(" ", row.Evidence.Select(e => e.Text + (e.RequestIds.Count > 0 ? $" [{string.Join(", ", e.RequestIds)}]" : "")));

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
