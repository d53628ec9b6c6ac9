import Foundation
import Sparring
import SparringStore

/// The report as one self-contained HTML file: no network, charts as inline SVG, a few lines of script
/// for the date and module filters. Every figure sits in a `data-` attribute beside the text showing it,
/// so a test (or a trainer's script) reads the page as the store's numbers.
struct ReportPage {
    let report: TeamReport
    let words: ReportWords
    /// The rows the report was made from: the page keeps them, so its filters recompute every chart.
    var rows = TeamRows()
    /// The course per language code, as the report counted modules with.
    var courses: [String: Course] = [:]
    /// The course whose modules the chart lists (the trainer's).
    var moduleOrder: Course?

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
            \(body)<script type="application/json" id="report-data">\(data())</script>
            <script>
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
        let modules = report.modules
            .map { "<option value=\"\(escape($0.id))\">\(escape(words.module($0.id)))</option>" }
            .joined()
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
            // the classes name the cells the filters rewrite
            html += "<tr class=\"trainee\" data-id=\"\(trainee.id)\" data-name=\"\(escape(trainee.name))\" "
                + "data-passed-cases=\"\(trainee.passedCases)\" data-average-best=\"\(trainee.averageBest.map(String.init) ?? "")\" "
                + "data-module=\"\(escape(trainee.module ?? ""))\" data-trend=\"\(trainee.trend.map(String.init) ?? "")\">"
                + "<td>\(escape(names[trainee.id]!))</td><td>\(escape(trainee.team ?? "—"))</td>"
                + "<td class=\"module\">\(escape(words.module(trainee.module)))</td>"
                + "<td class=\"num passed\">\(trainee.passedCases)</td>"
                + "<td class=\"num average\">\(trainee.averageBest.map(String.init) ?? "—")</td>"
                + "<td class=\"num trend\">\(escape(words.trend(trainee.trend)))</td>"
                + "<td class=\"mistakes\">\(mistakes)</td></tr>\n"
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
                + "<text x=\"0\" y=\"\(f(y + 14))\">\(escape(shorten(words.module(module.id), 32)))</text>"
                + "<rect x=\"\(f(label))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"18\" fill=\"#eee\"/>"
                + "<rect class=\"done\" x=\"\(f(label))\" y=\"\(f(y))\" width=\"\(f(done))\" height=\"18\" "
                + "fill=\"#2ca02c\"/>"
                + "<rect class=\"current\" x=\"\(f(label + done))\" y=\"\(f(y))\" width=\"\(f(current))\" "
                + "height=\"18\" "
                + "fill=\"#ffbf47\"/>"
                + "<text class=\"count\" x=\"\(f(label + width + 8))\" y=\"\(f(y + 14))\">"
                + "\(module.done) / \(module.current)</text>"
                + "</g>\n"
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
                    + "data-at=\"\(ExportDocument.timestamp(point.at))\" data-attempt=\"\(escape(point.attempt))\" "
                    + "data-module=\"\(escape(point.module ?? ""))\" "
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
            html += "<tr class=\"heat-row\" data-trainee=\"\(trainee.id)\"><th>\(escape(names[trainee.id]!))</th>"
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
                + "<td>\(escape(words.caseTitle(figures.caseId)))</td>"
                + "<td class=\"num attempts\">\(figures.attempts)</td>"
                + "<td class=\"num pass-rate\">\(words.percent(figures.passRate))</td>"
                + "<td class=\"num score\">\(words.score(figures.averageScore))</td><td>"
                + "<svg width=\"\(Int(bar))\" height=\"14\"><rect width=\"\(Int(bar))\" height=\"14\" fill=\"#eee\"/>"
                + "<rect class=\"bar\" width=\"\(f(bar * figures.passRate))\" height=\"14\" fill=\"#1f77b4\"/>"
                + "</svg></td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// What the script recomputes the charts from: every attempt (case, module, start, finish, score,
    /// passed, rules of its findings), the courses' pass rules, the words it writes. `<` is escaped, so no
    /// text in it can close the script element.
    func data() -> String {
        struct Play: Encodable {
            let id: String, trainee: String, caseId: String, module: String?, hints: Bool, started: Date
            let finished: Date?, counted: Bool, score: Int?, passed: Bool?, rules: [String]
        }
        struct Module: Encodable { let id: String, cases: [String], average: Int, everyCase: Bool, hints: Bool }
        struct Trainee: Encodable { let id: String, language: String }
        struct Data: Encodable {
            let trainees: [Trainee], attempts: [Play], courses: [String: [Module]], order: [Module]
            let rules: [String], ruleTitles: [String: String], moduleTitles: [String: String]
            let finished: String, none: String, duel: String
        }
        let rules = Dictionary(grouping: rows.turns, by: \.attemptId)
            .mapValues { $0.flatMap { $0.findings.map(\.rule) } }
        func modules(_ course: Course) -> [Module] {
            course.modules.map { Module(id: $0.id, cases: $0.cases, average: $0.passAverage,
                                        everyCase: $0.everyCasePassed, hints: $0.hints) }
        }
        let allRules = Set(rules.values.flatMap { $0 })
        let value = Data(
            trainees: report.trainees.map { Trainee(id: $0.id, language: $0.language) },
            attempts: rows.attempts.map {
                Play(id: $0.id, trainee: $0.profileId, caseId: $0.caseId, module: $0.moduleId, hints: $0.hintsAllowed,
                     started: $0.startedAt, finished: $0.finishedAt, counted: $0.counted, score: $0.score,
                     passed: $0.passed, rules: rules[$0.id] ?? [])
            },
            courses: courses.mapValues(modules), order: moduleOrder.map(modules) ?? [],
            rules: RuleCatalog.ids + allRules.subtracting(RuleCatalog.ids).sorted(),
            ruleTitles: Dictionary(uniqueKeysWithValues: allRules.map { ($0, words.rule($0)) }),
            moduleTitles: Dictionary(uniqueKeysWithValues: report.modules.map { ($0.id, words.module($0.id)) }),
            finished: words.text("report.finished"), none: "—", duel: TeamReport.duelModule)
        let json = (try? JSONOutput.line(value)) ?? "{}"
        return json.replacingOccurrences(of: "<", with: "\\u003c")
    }

    /// The filters: every chart and table is recomputed from the page's attempts started in the chosen days
    /// and module, as `report --since --until --module` computes it (a trainee with no attempt left is hidden).
    /// `#from=YYYY-MM-DD&to=YYYY-MM-DD&module=ID` in the address sets them when the page opens.
    static let script = """
        (function () {
        // inside a function of its own: names such as `top` are the window's own at the top level
        var data = JSON.parse(document.getElementById('report-data').textContent);
        function round(x) { return x < 0 ? -Math.round(-x) : Math.round(x); }
        function order(rule) { var i = data.rules.indexOf(rule); return i < 0 ? data.rules.length : i; }
        function topRules(counts) {
          return Object.keys(counts).sort(function (a, b) {
            return counts[b] - counts[a] || order(a) - order(b);
          }).slice(0, 3);
        }
        function trend(scores) {
          if (scores.length < 2) return null;
          var half = Math.min(3, Math.floor(scores.length / 2));
          var last = scores.slice(-half), before = scores.slice(0, scores.length - half).slice(-half);
          function avg(v) { return v.reduce(function (a, b) { return a + b; }, 0) / v.length; }
          return round(avg(last) - avg(before));
        }
        function words(value) {
          return value === null ? data.none : value > 0 ? '+' + value : value < 0 ? '\\u2212' + (-value) : '\\u00b10';
        }
        // CourseProgress: a module is done when every case has its best result under the module's rules
        function progress(course, counted) {
          var blocked = false;
          return course.map(function (module) {
            var best = {};
            counted.forEach(function (r) {
              if (r.module !== module.id || !(module.hints || !r.hints) || module.cases.indexOf(r.caseId) < 0) return;
              var known = best[r.caseId];
              if (known && ((known.passed ? 1 : 0) > (r.passed ? 1 : 0)
                  || ((known.passed ? 1 : 0) === (r.passed ? 1 : 0) && known.score >= r.score))) return;
              best[r.caseId] = r;
            });
            var played = module.cases.every(function (c) { return best[c]; });
            var passed = module.cases.every(function (c) { return best[c] && best[c].passed; });
            var scores = module.cases.filter(function (c) { return best[c]; })
              .map(function (c) { return best[c].score; });
            var sum = scores.reduce(function (a, b) { return a + b; }, 0);
            var average = scores.length ? Math.floor(sum / scores.length) : 0;
            var ok = played && (!module.everyCase || passed) && average >= module.average;
            var status = blocked ? 'locked' : ok ? 'done' : 'current';
            if (status === 'current') blocked = true;
            return { id: module.id, status: status };
          });
        }
        function applyFilters() {
          var from = document.getElementById('filter-from').value, to = document.getElementById('filter-to').value;
          var module = document.getElementById('filter-module').value;
          var narrowed = !!(from || to || module);
          var kept = data.attempts.filter(function (a) {
            var day = a.started.slice(0, 10);
            return (!from || day >= from) && (!to || day <= to) && (!module || a.module === module);
          });
          var keptIds = {};
          kept.forEach(function (a) { keptIds[a.id] = true; });
          var shownTrainees = data.trainees.filter(function (t) {
            return !narrowed || kept.some(function (a) { return a.trainee === t.id; });
          });
          var done = {}, current = {};
          var duelDone = 0, duelPlayed = 0;
          data.trainees.forEach(function (t) {
            var mine = kept.filter(function (a) { return a.trainee === t.id; });
            var counted = mine.filter(function (a) { return a.counted; })
              .sort(function (a, b) { return a.finished < b.finished ? -1 : a.finished > b.finished ? 1 : 0; });
            var shown = shownTrainees.indexOf(t) >= 0;
            var bestByCase = {}, passedCases = {}, counts = {};
            counted.forEach(function (a) {
              bestByCase[a.caseId] = Math.max(bestByCase[a.caseId] === undefined ? -1 : bestByCase[a.caseId], a.score);
              if (a.passed) passedCases[a.caseId] = true;
            });
            mine.forEach(function (a) { a.rules.forEach(function (r) { counts[r] = (counts[r] || 0) + 1; }); });
            var best = Object.keys(bestByCase).map(function (c) { return bestByCase[c]; });
            var average = best.length ? round(best.reduce(function (a, b) { return a + b; }, 0) / best.length) : null;
            var course = data.courses[t.language] || data.order;
            var reached = null;
            if (course.length) {
              var states = progress(course, counted);
              states.forEach(function (s) {
                if (!shown) return;
                if (s.status === 'done') done[s.id] = (done[s.id] || 0) + 1;
                if (s.status === 'current') current[s.id] = (current[s.id] || 0) + 1;
              });
              var first = states.filter(function (s) { return s.status === 'current'; })[0];
              reached = first ? first.id : 'finished';
            }
            var duels = counted.filter(function (a) { return a.module === data.duel; });
            if (shown && duels.length) {
              duelPlayed += 1;
              if (duels.some(function (a) { return a.passed; })) duelDone += 1;
            }
            var row = document.querySelector('tr.trainee[data-id="' + t.id + '"]');
            if (row) {
              row.hidden = !shown;
              var passedCount = Object.keys(passedCases).length;
              row.setAttribute('data-passed-cases', passedCount);
              row.setAttribute('data-average-best', average === null ? '' : average);
              row.setAttribute('data-module', reached || '');
              var change = trend(counted.map(function (a) { return a.score; }));
              row.setAttribute('data-trend', change === null ? '' : change);
              row.querySelector('td.passed').textContent = passedCount;
              row.querySelector('td.average').textContent = average === null ? data.none : average;
              row.querySelector('td.trend').textContent = words(change);
              row.querySelector('td.module').textContent = reached === null ? data.none
                : reached === 'finished' ? data.finished : (data.moduleTitles[reached] || reached);
              var cell = row.querySelector('td.mistakes');
              cell.textContent = '';
              topRules(counts).forEach(function (r, i) {
                if (i) cell.appendChild(document.createElement('br'));
                cell.appendChild(document.createTextNode((data.ruleTitles[r] || r) + ' \\u00d7' + counts[r]));
              });
            }
            var heat = document.querySelector('tr.heat-row[data-trainee="' + t.id + '"]');
            if (heat) heat.hidden = !shown;
            document.querySelectorAll('td.cell[data-trainee="' + t.id + '"]').forEach(function (cell) {
              cell.setAttribute('data-count', counts[cell.getAttribute('data-rule')] || 0);
            });
            var group = document.querySelector('g.trainee-scores[data-id="' + t.id + '"]');
            if (group) group.setAttribute('data-count', shown ? counted.length : 0);
          });
          // the heat map's shades follow the largest count left
          var cells = document.querySelectorAll('td.cell');
          var most = 1;
          cells.forEach(function (cell) { most = Math.max(most, +cell.getAttribute('data-count')); });
          cells.forEach(function (cell) {
            var count = +cell.getAttribute('data-count');
            var alpha = count === 0 ? 0 : 0.15 + 0.85 * count / most;
            cell.style.background = 'rgba(214,39,40,' + alpha.toFixed(1) + ')';
            cell.style.color = alpha > 0.55 ? '#fff' : '#222';
            cell.textContent = count === 0 ? '\\u00b7' : count;
          });
          // the modules: trainees who passed each, and trainees working on it, of the trainees shown
          var total = Math.max(1, shownTrainees.length);
          document.querySelectorAll('g.module').forEach(function (g) {
            var id = g.getAttribute('data-module');
            var d = id === data.duel ? duelDone : (done[id] || 0);
            var c = id === data.duel ? duelPlayed - duelDone : (current[id] || 0);
            g.setAttribute('data-done', d);
            g.setAttribute('data-current', c);
            var doneBar = g.querySelector('rect.done'), currentBar = g.querySelector('rect.current');
            var x = +doneBar.getAttribute('x');
            doneBar.setAttribute('width', (460 * d / total).toFixed(1));
            currentBar.setAttribute('x', (x + 460 * d / total).toFixed(1));
            currentBar.setAttribute('width', (460 * c / total).toFixed(1));
            g.querySelector('text.count').textContent = d + ' / ' + c;
          });
          // the scores: only the points of attempts kept, each line through the points left
          document.querySelectorAll('g.trainee-scores').forEach(function (g) {
            var points = [];
            g.querySelectorAll('circle.point').forEach(function (point) {
              var shown = !!keptIds[point.getAttribute('data-attempt')];
              point.style.display = shown ? '' : 'none';
              if (shown) points.push(point.getAttribute('cx') + ',' + point.getAttribute('cy'));
            });
            g.querySelector('polyline').setAttribute('points', points.join(' '));
          });
          // the cases: counted attempts kept, the hardest first
          var figures = {};
          kept.filter(function (a) { return a.counted; }).forEach(function (a) {
            var f = figures[a.caseId] || (figures[a.caseId] = { attempts: 0, passed: 0, scores: 0 });
            f.attempts += 1; f.passed += a.passed ? 1 : 0; f.scores += a.score;
          });
          var rows = Array.prototype.slice.call(document.querySelectorAll('tr.case'));
          rows.forEach(function (row) {
            var f = figures[row.getAttribute('data-case')] || { attempts: 0, passed: 0, scores: 0 };
            var rate = f.attempts ? f.passed / f.attempts : 0, average = f.attempts ? f.scores / f.attempts : 0;
            row.hidden = f.attempts === 0;
            row.setAttribute('data-attempts', f.attempts);
            row.setAttribute('data-pass-rate', rate.toFixed(4));
            row.setAttribute('data-average', average.toFixed(2));
            row.querySelector('td.attempts').textContent = f.attempts;
            row.querySelector('td.pass-rate').textContent = Math.round(rate * 100) + '%';
            row.querySelector('td.score').textContent = Math.round(average);
            row.querySelector('rect.bar').setAttribute('width', (160 * rate).toFixed(1));
          });
          rows.sort(function (a, b) {
            return (+a.getAttribute('data-pass-rate') - +b.getAttribute('data-pass-rate'))
              || (+a.getAttribute('data-average') - +b.getAttribute('data-average'))
              || (a.getAttribute('data-case') < b.getAttribute('data-case') ? -1 : 1);
          });
          rows.forEach(function (row) { row.parentNode.appendChild(row); });
        }
        ['filter-from', 'filter-to', 'filter-module'].forEach(function (id) {
          document.getElementById(id).addEventListener('change', applyFilters);
        });
        if (location.hash.length > 1) {
          location.hash.slice(1).split('&').forEach(function (pair) {
            var parts = pair.split('='), field = document.getElementById('filter-' + parts[0]);
            if (field) field.value = decodeURIComponent(parts[1] || '');
          });
          applyFilters();
        }
        })();
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
