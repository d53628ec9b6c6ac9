import Foundation
import SparringStore

/// The report as one self-contained HTML file: no network, charts as inline SVG, a few lines of script
/// for the date and module filters. Every figure sits in a `data-` attribute beside the text showing it,
/// so a test (or a trainer's script) reads the page as the store's numbers.
struct ReportPage {
    let report: TeamReport
    let words: ReportWords

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"]

    func render() -> String {
        let names = words.names(report.trainees)
        var body = ""
        body += "<h1>\(escape(words.text("report.title")))</h1>\n"
        body += "<p class=\"meta\">\(escape(words.text(report.source == "team" ? "report.source.team" : "report.source.local")))"
            + " · \(escape(ExportDocument.timestamp(report.generatedAt)))\(periodNote())</p>\n"
        body += filters()
        body += section("trainees", words.text("report.trainees"), traineeTable(names))
        body += section("modules", words.text("report.modules"), moduleChart())
        body += section("scores", words.text("report.scores"), scoreChart(names))
        body += section("heatmap", words.text("report.heatmap"), heatMap(names))
        body += section("cases", words.text("report.cases"), caseTable())
        return """
            <!DOCTYPE html>
            <html lang="\(words.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <title>\(escape(words.text("report.title")))</title>
            <style>
            body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; max-width: 1100px; }
            h1 { margin: 0 0 4px; } h2 { margin: 28px 0 8px; font-size: 18px; }
            .meta { color: #666; margin: 0 0 12px; }
            table { border-collapse: collapse; } th, td { padding: 4px 10px; text-align: left; border-bottom: 1px solid #ddd; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            .filters { background: #f4f4f4; padding: 8px 12px; border-radius: 6px; display: inline-block; }
            .filters label { margin-right: 12px; }
            svg text { font: 12px system-ui, sans-serif; fill: #333; }
            .heat td { text-align: center; min-width: 28px; }
            .legend span { display: inline-block; margin-right: 14px; }
            .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
            [hidden] { display: none; }
            </style>
            </head>
            <body>
            \(body)<script>
            \(Self.script)
            </script>
            </body>
            </html>

            """
    }

    private func periodNote() -> String {
        var parts: [String] = []
        if let since = report.filters.since { parts.append("≥ " + ExportDocument.timestamp(since)) }
        if let until = report.filters.until { parts.append("< " + ExportDocument.timestamp(until)) }
        if let module = report.filters.module { parts.append(words.module(module)) }
        return parts.isEmpty ? "" : " · " + escape(parts.joined(separator: ", "))
    }

    private func section(_ id: String, _ title: String, _ content: String) -> String {
        "<section id=\"\(id)\">\n<h2>\(escape(title))</h2>\n\(content)</section>\n"
    }

    private func filters() -> String {
        let modules = report.modules.map { "<option value=\"\(escape($0.id))\">\(escape($0.title))</option>" }.joined()
        return """
            <form class="filters" id="filters" onsubmit="return false">
            <strong>\(escape(words.text("report.filters")))</strong>
            <label>\(escape(words.text("report.filter.from"))) <input type="date" id="filter-from"></label>
            <label>\(escape(words.text("report.filter.to"))) <input type="date" id="filter-to"></label>
            <label>\(escape(words.text("report.filter.module"))) <select id="filter-module">\
            <option value="">\(escape(words.text("report.filter.all")))</option>\(modules)</select></label>
            </form>

            """
    }

    private func traineeTable(_ names: [String: String]) -> String {
        guard !report.trainees.isEmpty else { return "<p>\(escape(words.text("report.none")))</p>\n" }
        var html = "<table><thead><tr>"
        for key in ["trainee", "team", "module", "passed", "average", "trend", "mistakes"] {
            html += "<th>\(escape(words.text("report.column.\(key)")))</th>"
        }
        html += "</tr></thead><tbody>\n"
        for trainee in report.trainees {
            let mistakes = trainee.mistakes.map { "\(escape(words.rule($0.rule))) ×\($0.count)" }.joined(separator: "<br>")
            html += "<tr class=\"trainee\" data-id=\"\(trainee.id)\" data-name=\"\(escape(trainee.name))\" "
                + "data-passed-cases=\"\(trainee.passedCases)\" data-average-best=\"\(trainee.averageBest.map(String.init) ?? "")\" "
                + "data-module=\"\(escape(trainee.module ?? ""))\" data-trend=\"\(trainee.trend.map(String.init) ?? "")\">"
                + "<td>\(escape(names[trainee.id]!))</td><td>\(escape(trainee.team ?? "—"))</td>"
                + "<td>\(escape(words.module(trainee.module)))</td><td class=\"num\">\(trainee.passedCases)</td>"
                + "<td class=\"num\">\(trainee.averageBest.map(String.init) ?? "—")</td>"
                + "<td class=\"num\">\(escape(words.trend(trainee.trend)))</td><td>\(mistakes)</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// Horizontal bars per module: trainees who passed it, and trainees working on it now.
    private func moduleChart() -> String {
        guard !report.modules.isEmpty else { return "<p>—</p>\n" }
        let total = max(1, report.trainees.count)
        let label = 220.0, width = 460.0, row = 26.0
        let height = Double(report.modules.count) * row + 30
        var svg = "<svg class=\"chart\" id=\"modules-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(label + width + 80))\" "
            + "height=\"\(Int(height))\" role=\"img\">\n"
        for (index, module) in report.modules.enumerated() {
            let y = Double(index) * row + 4
            let done = width * Double(module.done) / Double(total)
            let current = width * Double(module.current) / Double(total)
            svg += "<g class=\"module\" data-module=\"\(escape(module.id))\" data-done=\"\(module.done)\" data-current=\"\(module.current)\">"
                + "<text x=\"0\" y=\"\(f(y + 14))\">\(escape(shorten(module.title, 32)))</text>"
                + "<rect x=\"\(f(label))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"18\" fill=\"#eee\"/>"
                + "<rect x=\"\(f(label))\" y=\"\(f(y))\" width=\"\(f(done))\" height=\"18\" fill=\"#2ca02c\"/>"
                + "<rect x=\"\(f(label + done))\" y=\"\(f(y))\" width=\"\(f(current))\" height=\"18\" fill=\"#ffbf47\"/>"
                + "<text x=\"\(f(label + width + 8))\" y=\"\(f(y + 14))\">\(module.done) / \(module.current)</text></g>\n"
        }
        let legendY = Double(report.modules.count) * row + 22
        svg += "<rect x=\"\(f(label))\" y=\"\(f(legendY - 10))\" width=\"12\" height=\"12\" fill=\"#2ca02c\"/>"
            + "<text x=\"\(f(label + 16))\" y=\"\(f(legendY))\">\(escape(words.text("report.modules.done")))</text>"
            + "<rect x=\"\(f(label + 140))\" y=\"\(f(legendY - 10))\" width=\"12\" height=\"12\" fill=\"#ffbf47\"/>"
            + "<text x=\"\(f(label + 156))\" y=\"\(f(legendY))\">\(escape(words.text("report.modules.current")))</text>\n"
        return svg + "</svg>\n"
    }

    /// One line per trainee: each counted attempt's score at the time it finished.
    private func scoreChart(_ names: [String: String]) -> String {
        let points = report.trainees.flatMap(\.scores)
        guard let first = points.map(\.at).min(), let last = points.map(\.at).max() else { return "<p>—</p>\n" }
        let left = 40.0, top = 10.0, width = 760.0, height = 240.0
        let span = max(1, last.timeIntervalSince(first))
        func x(_ date: Date) -> Double { left + width * date.timeIntervalSince(first) / span }
        func y(_ score: Int) -> Double { top + height * (1 - Double(score) / 100) }
        var svg = "<svg class=\"chart\" id=\"scores-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(left + width + 20))\" "
            + "height=\"\(Int(top + height + 40))\" role=\"img\">\n"
        for score in stride(from: 0, through: 100, by: 25) {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(left + width))\" y1=\"\(f(y(score)))\" y2=\"\(f(y(score)))\" stroke=\"#ddd\"/>"
                + "<text x=\"\(f(left - 6))\" y=\"\(f(y(score) + 4))\" text-anchor=\"end\">\(score)</text>\n"
        }
        svg += "<text x=\"\(f(left))\" y=\"\(f(top + height + 18))\">\(escape(day(first)))</text>"
            + "<text x=\"\(f(left + width))\" y=\"\(f(top + height + 18))\" text-anchor=\"end\">\(escape(day(last)))</text>\n"
        var legend = "<p class=\"legend\">"
        for (index, trainee) in report.trainees.enumerated() where !trainee.scores.isEmpty {
            let colour = Self.palette[index % Self.palette.count]
            let line = trainee.scores.map { "\(f(x($0.at))),\(f(y($0.score)))" }.joined(separator: " ")
            svg += "<g class=\"trainee-scores\" data-id=\"\(trainee.id)\" data-count=\"\(trainee.scores.count)\">"
                + "<polyline points=\"\(line)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            for point in trainee.scores {
                svg += "<circle class=\"point\" cx=\"\(f(x(point.at)))\" cy=\"\(f(y(point.score)))\" r=\"4\" fill=\"\(colour)\" "
                    + "data-at=\"\(ExportDocument.timestamp(point.at))\" data-module=\"\(escape(point.module ?? ""))\" "
                    + "data-score=\"\(point.score)\"><title>\(escape(names[trainee.id]!)): "
                    + "\(escape(words.caseTitle(point.caseId))) — \(point.score)</title></circle>"
            }
            svg += "</g>\n"
            legend += "<span><i style=\"background:\(colour)\"></i>\(escape(names[trainee.id]!))</span>"
        }
        return svg + "</svg>\n" + legend + "</p>\n"
    }

    /// Trainees down, rules across; the darker the cell, the more often the mistake was made.
    private func heatMap(_ names: [String: String]) -> String {
        guard !report.rules.isEmpty else { return "<p>—</p>\n" }
        let most = max(1, report.trainees.flatMap { $0.mistakeCounts.values }.max() ?? 1)
        var html = "<table class=\"heat\"><thead><tr><th></th>"
        for rule in report.rules { html += "<th title=\"\(escape(rule))\">\(escape(words.rule(rule)))</th>" }
        html += "</tr></thead><tbody>\n"
        for trainee in report.trainees {
            html += "<tr><th>\(escape(names[trainee.id]!))</th>"
            for rule in report.rules {
                let count = trainee.mistakeCounts[rule] ?? 0
                let alpha = count == 0 ? 0 : 0.15 + 0.85 * Double(count) / Double(most)
                let ink = alpha > 0.55 ? "#fff" : "#222"
                html += "<td class=\"cell\" data-trainee=\"\(trainee.id)\" data-rule=\"\(escape(rule))\" data-count=\"\(count)\" "
                    + "style=\"background: rgba(214,39,40,\(f(alpha))); color: \(ink)\">"
                    + "\(count == 0 ? "·" : String(count))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// Pass rate and average score per case, the hardest first, each with a bar.
    private func caseTable() -> String {
        guard !report.cases.isEmpty else { return "<p>—</p>\n" }
        var html = "<table><thead><tr>"
        for key in ["case", "attempts", "pass-rate", "score"] { html += "<th>\(escape(words.text("report.column.\(key)")))</th>" }
        html += "<th></th></tr></thead><tbody>\n"
        for figures in report.cases {
            let bar = 160.0
            html += "<tr class=\"case\" data-case=\"\(escape(figures.caseId))\" data-attempts=\"\(figures.attempts)\" "
                + "data-pass-rate=\"\(f(figures.passRate, places: 4))\" data-average=\"\(f(figures.averageScore, places: 2))\">"
                + "<td>\(escape(words.caseTitle(figures.caseId)))</td><td class=\"num\">\(figures.attempts)</td>"
                + "<td class=\"num\">\(words.percent(figures.passRate))</td>"
                + "<td class=\"num\">\(words.score(figures.averageScore))</td><td>"
                + "<svg width=\"\(Int(bar))\" height=\"14\"><rect width=\"\(Int(bar))\" height=\"14\" fill=\"#eee\"/>"
                + "<rect width=\"\(f(bar * figures.passRate))\" height=\"14\" fill=\"#1f77b4\"/></svg></td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// Hides the score points outside the chosen dates and module.
    static let script = """
        function applyFilters() {
          var from = document.getElementById('filter-from').value, to = document.getElementById('filter-to').value;
          var module = document.getElementById('filter-module').value;
          document.querySelectorAll('circle.point').forEach(function (point) {
            var day = point.getAttribute('data-at').slice(0, 10);
            var shown = (!from || day >= from) && (!to || day <= to) && (!module || point.getAttribute('data-module') === module);
            point.style.display = shown ? '' : 'none';
          });
        }
        ['filter-from', 'filter-to', 'filter-module'].forEach(function (id) {
          document.getElementById(id).addEventListener('change', applyFilters);
        });
        """

    private func day(_ date: Date) -> String { String(ExportDocument.timestamp(date).prefix(10)) }
    private func shorten(_ text: String, _ limit: Int) -> String { text.count <= limit ? text : text.prefix(limit - 1) + "…" }
    private func f(_ value: Double, places: Int = 1) -> String { String(format: "%.\(places)f", value) }

    private func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
