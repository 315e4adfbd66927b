#include "app/ScriptParser.h"

#include "app/ScriptEdits.h"
#include "app/ScriptText.h"

#include <algorithm>
#include <tuple>

namespace onair::app {
namespace {

using namespace scripttext;

constexpr int plainHeadingMaxChars = 60;
constexpr int plainHeadingMaxWords = 8;
constexpr int speakerMaxChars = 24;
constexpr int cueMaxChars = 200;

// Offset of the first byte that is not part of valid UTF-8 (overlongs and surrogates are
// invalid too), or -1.
qsizetype invalidUtf8At(const QByteArray& bytes, qsizetype from) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = from;
    while (i < n) {
        const unsigned c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        char32_t min = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            min = 0x10000;
        } else {
            return i;
        }
        if (i + len > n) {
            return i;
        }
        char32_t cp = c & (0xFFu >> (len + 1));
        for (int k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) {
                return i;
            }
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return i;
        }
        i += len;
    }
    return -1;
}

int lineOfByte(const QByteArray& bytes, qsizetype offset) {
    return int(std::count(bytes.begin(), bytes.begin() + offset, '\n')) + 1;
}

bool isMarker(QChar c) {
    return c == u'*' || c == u'_' || c == u'`';
}

// "## Title ##" -> 2 and "Title"; 0 when the line is not an ATX heading.
int atxLevel(QStringView line, QStringView* content) {
    qsizetype i = 0;
    while (i < line.size() && i < 4 && line.at(i) == u' ') {
        ++i;
    }
    if (i > 3) {
        return 0;
    }
    qsizetype n = 0;
    while (i + n < line.size() && line.at(i + n) == u'#') {
        ++n;
    }
    if (n < 1 || n > 6 ||
        (i + n < line.size() && line.at(i + n) != u' ' && line.at(i + n) != u'\t')) {
        return 0;
    }
    QStringView c = line.mid(i + n).trimmed();
    qsizetype end = c.size();
    while (end > 0 && c.at(end - 1) == u'#') {
        --end;
    }
    if (end == 0 || c.at(end - 1) == u' ' || c.at(end - 1) == u'\t') {
        c = c.left(end).trimmed(); // a closing sequence, not part of the title
    }
    *content = c;
    return int(n);
}

bool isUnderline(QStringView trimmed, QChar c) {
    return trimmed.size() >= 2 &&
           std::all_of(trimmed.begin(), trimmed.end(), [c](QChar x) { return x == c; });
}

bool isLeadIn(QStringView word) {
    static const QStringView leadIns[] = {
        u"Note",      u"Notes",      u"Update",  u"Example", u"Warning",    u"Tip",
        u"Source",    u"Sources",    u"Edit",    u"Summary", u"Reminder",   u"Disclaimer",
        u"Important", u"Correction", u"Also",    u"Today",   u"Background", u"Context",
        u"Chapter",   u"Part",       u"Section", u"Episode", u"Segment",    u"Step",
        u"Topic",     u"Title",      u"Date",    u"Time",    u"Intro",      u"Outro",
        u"Link",      u"Links",      u"Re",      u"Subject", u"Bonus"};
    return std::any_of(std::begin(leadIns), std::end(leadIns),
                       [&](QStringView w) { return word.compare(w, Qt::CaseInsensitive) == 0; });
}

// A speaker label at the start of the displayed text `s` (see parseScript): the length of
// "LABEL:", or 0.
qsizetype speakerLabel(QStringView s) {
    const qsizetype colon = s.indexOf(u':');
    if (colon < 1 || colon > speakerMaxChars || (colon + 1 < s.size() && s.at(colon + 1) != u' ')) {
        return 0;
    }
    const auto words = s.left(colon).split(u' ');
    if (words.size() > 3 || words.first().isEmpty() || !words.first().at(0).isLetter()) {
        return 0;
    }
    bool hasLower = false;
    for (QStringView w : words) {
        if (w.isEmpty() || !(w.at(0).isUpper() || w.at(0).isDigit())) {
            return 0;
        }
        for (QChar c : w) {
            if (!(c.isLetterOrNumber() || c == u'.' || c == u'\'' || c == u'-' ||
                  c == QChar(0x2019))) {
                return 0;
            }
            hasLower = hasLower || c.isLower();
        }
    }
    if (hasLower && isLeadIn(words.first())) {
        return 0;
    }
    return colon + 1;
}

QString collapseSpaces(QStringView text) {
    QString s;
    s.reserve(text.size());
    for (QChar c : text) {
        if (c.isSpace()) {
            if (!s.isEmpty() && s.back() != u' ') {
                s += u' ';
            }
        } else {
            s += c;
        }
    }
    if (!s.isEmpty() && s.back() == u' ') {
        s.chop(1);
    }
    return s;
}

bool isListItem(QStringView s) {
    static const QStringView bullets[] = {u"- ", u"* ", u"+ ", u"> ", u"\u2022 "};
    return std::any_of(std::begin(bullets), std::end(bullets),
                       [&](QStringView b) { return s.startsWith(b); });
}

bool isPlainHeading(const QString& text, const QList<ScriptRun>& runs) {
    if (text.size() > plainHeadingMaxChars || isListItem(text)) {
        return false;
    }
    ScriptBlock probe;
    probe.runs = runs;
    const qsizetype words = probe.words().size();
    if (words < 1 || words > plainHeadingMaxWords) {
        return false;
    }
    if (std::any_of(runs.begin(), runs.end(),
                    [](const ScriptRun& r) { return r.kind == ScriptRun::Kind::Speaker; })) {
        return false;
    }
    const QStringView core = withoutClosing(text);
    if (core.isEmpty()) {
        return false;
    }
    const QChar last = core.back();
    return !(isSentenceMark(last) || last == u':' || last == u';' || last == u',');
}

// A paragraph's first line "\#..." (any number of backslashes before a "#") loses one
// backslash, so "\# 1" is a paragraph about "# 1" and not a heading; the stored form writes one
// for such paragraphs.
QStringView unescapeHash(QStringView line) {
    qsizetype n = 0;
    while (n < line.size() && line.at(n) == u'\\') {
        ++n;
    }
    return n > 0 && n < line.size() && line.at(n) == u'#' ? line.mid(1) : line;
}

bool startsWithSpeaker(QStringView line) {
    if (!line.contains(u':')) {
        return false; // the common case, without building runs
    }
    const QList<ScriptRun> runs = parseScriptRuns(line.toString(), ScriptBlock::Kind::Paragraph);
    return std::any_of(runs.begin(), runs.end(),
                       [](const ScriptRun& r) { return r.kind == ScriptRun::Kind::Speaker; });
}

struct RawBlock {
    ScriptBlock::Kind kind;
    int level;
    QString text;
    int line;
    bool oneLine;
};

QString notText(const QString& name, const QString& why) {
    return QStringLiteral("%1 is not a text script: %2")
        .arg(name.isEmpty() ? QStringLiteral("This") : name, why);
}

} // namespace

QList<ScriptRun> parseScriptRuns(const QString& text, ScriptBlock::Kind kind) {
    const QString s = collapseSpaces(text);
    // Cues first: their text is kept as written.
    QList<QPair<qsizetype, qsizetype>> cues; // [begin, end) in s
    for (qsizetype i = 0; i < s.size();) {
        if (s.at(i) != u'[') {
            ++i;
            continue;
        }
        qsizetype j = i + 1;
        while (j < s.size() && s.at(j) != u']' && s.at(j) != u'[') {
            ++j;
        }
        const QStringView inside = QStringView(s).mid(i + 1, j - i - 1);
        if (j < s.size() && s.at(j) == u']' && !inside.trimmed().isEmpty() &&
            inside.size() <= cueMaxChars) {
            cues.append({i, j + 1});
            i = j + 1;
        } else {
            i = j; // this "[" is text; the next one may open a cue
        }
    }
    // The displayed text: emphasis markers outside cues dropped unless between two letters or
    // digits, spaces collapsed again. Everything after this works on what the host sees, so
    // parsing the displayed text again finds the same runs.
    QString shown;
    shown.reserve(s.size());
    QList<QPair<qsizetype, qsizetype>> shownCues;
    qsizetype cue = 0;
    for (qsizetype i = 0; i < s.size();) {
        if (cue < cues.size() && i == cues[cue].first) {
            const qsizetype begin = shown.size();
            shown += QStringView(s).mid(i, cues[cue].second - i);
            shownCues.append({begin, shown.size()});
            i = cues[cue++].second;
            continue;
        }
        const QChar c = s.at(i);
        const bool inner = i > 0 && i + 1 < s.size() && isAlnumAt(s, i - 1) && isAlnumAt(s, i + 1);
        if ((isMarker(c) && !inner) || (c == u' ' && (shown.isEmpty() || shown.back() == u' '))) {
            ++i;
            continue;
        }
        shown += c;
        ++i;
    }
    while (shown.endsWith(u' ')) {
        shown.chop(1);
    }

    // A paragraph's speaker label comes first, or right after its opening cues:
    // "[MUSIC] HOST: Welcome back."
    QList<std::tuple<qsizetype, qsizetype, ScriptRun::Kind>> styled;
    for (const auto& [begin, end] : shownCues) {
        styled.append({begin, end, ScriptRun::Kind::Cue});
    }
    if (kind == ScriptBlock::Kind::Paragraph) {
        qsizetype at = 0;
        for (const auto& [begin, end] : shownCues) {
            if (begin != at) {
                break;
            }
            at = end < shown.size() && shown.at(end) == u' ' ? end + 1 : end;
        }
        if (const qsizetype length = speakerLabel(QStringView(shown).mid(at)); length > 0) {
            const auto it = std::find_if(styled.begin(), styled.end(),
                                         [at](const auto& t) { return std::get<0>(t) > at; });
            styled.insert(it, {at, at + length, ScriptRun::Kind::Speaker});
        }
    }
    QList<ScriptRun> runs;
    qsizetype pos = 0;
    for (const auto& [begin, end, runKind] : styled) {
        if (begin > pos) {
            runs.append(ScriptRun{ScriptRun::Kind::Spoken, shown.mid(pos, begin - pos)});
        }
        runs.append(ScriptRun{runKind, shown.mid(begin, end - begin)});
        pos = end;
    }
    if (pos < shown.size()) {
        runs.append(ScriptRun{ScriptRun::Kind::Spoken, shown.mid(pos)});
    }
    return runs;
}

ScriptParseResult parseScript(const QByteArray& bytes, ScriptSource source, const QString& name) {
    ScriptParseResult result;
    if (const qsizetype nul = bytes.indexOf('\0'); nul >= 0) {
        result.error = notText(name, QStringLiteral("it holds NUL bytes (the first at byte %1), "
                                                    "so it looks like a binary file. Import a "
                                                    "plain text or Markdown file.")
                                         .arg(nul));
        return result;
    }
    const qsizetype bom = bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    if (const qsizetype bad = invalidUtf8At(bytes, bom); bad >= 0) {
        result.error =
            notText(name, QStringLiteral("line %1 is not valid UTF-8 (byte %2). Save it as "
                                         "UTF-8 text and import it again.")
                              .arg(lineOfByte(bytes, bad))
                              .arg(bad));
        return result;
    }
    const QString text = QString::fromUtf8(bytes.constData() + bom, bytes.size() - bom);

    // Lines, with any of \n, \r\n, \r; control characters other than white space refused.
    QList<QStringView> lines;
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == u'\n' || c == u'\r') {
            lines.append(QStringView(text).mid(start, i - start));
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
                ++i;
            }
            start = i + 1;
        } else if ((c < 0x20 && c != u'\t' && c != u'\f' && c != u'\v') || c == 0x7F) {
            result.error = notText(name, QStringLiteral("line %1 holds the control character "
                                                        "U+%2. Remove it, or save the script as "
                                                        "plain text.")
                                             .arg(lines.size() + 1)
                                             .arg(int(c), 4, 16, QLatin1Char('0')));
            return result;
        }
    }
    if (start < text.size()) {
        lines.append(QStringView(text).mid(start));
    }

    QList<RawBlock> raw;
    QStringList para;
    int paraLine = 0;
    bool markdownHeadings = false;
    const auto flush = [&] {
        if (!para.isEmpty()) {
            raw.append(
                {ScriptBlock::Kind::Paragraph, 0, para.join(u' '), paraLine, para.size() == 1});
            para.clear();
        }
    };
    for (int n = 0; n < lines.size(); ++n) {
        const QStringView line = lines[n];
        const QStringView trimmed = line.trimmed();
        QStringView content;
        if (trimmed.isEmpty()) {
            flush();
        } else if (const int level = atxLevel(line, &content); level > 0) {
            flush();
            raw.append({ScriptBlock::Kind::Heading, level, content.toString(), n, true});
            markdownHeadings = true;
        } else if (para.size() == 1 && (isUnderline(trimmed, u'=') || isUnderline(trimmed, u'-'))) {
            raw.append({ScriptBlock::Kind::Heading, trimmed.at(0) == u'=' ? 1 : 2, para.first(),
                        paraLine, true});
            para.clear();
            markdownHeadings = true;
        } else {
            // "HOST: ..." on the next line is the next turn, not more of this paragraph.
            if (!para.isEmpty() && startsWithSpeaker(trimmed)) {
                flush();
            }
            if (para.isEmpty()) {
                paraLine = n;
                para.append(unescapeHash(trimmed).toString());
            } else {
                para.append(trimmed.toString());
            }
        }
    }
    flush();

    const bool detectPlain = source == ScriptSource::Imported && !markdownHeadings;
    Script& script = result.script;
    for (const RawBlock& r : raw) {
        ScriptBlock b;
        b.kind = r.kind;
        b.level = r.level;
        b.sourceLine = r.line;
        b.runs = parseScriptRuns(r.text, r.kind);
        if (detectPlain && r.kind == ScriptBlock::Kind::Paragraph && r.oneLine &&
            isPlainHeading(b.plainText(), b.runs)) {
            b.kind = ScriptBlock::Kind::Heading;
            b.level = 2;
            b.runs = parseScriptRuns(r.text, b.kind);
        }
        if (!b.runs.isEmpty()) {
            script.blocks.append(std::move(b));
        }
    }
    reindex(script);
    return result;
}

QString scriptToMarkdown(const Script& script) {
    QString md;
    for (const ScriptBlock& b : script.blocks) {
        QString text = b.plainText();
        if (b.kind == ScriptBlock::Kind::Heading) {
            // A title ending in "#" would lose it as a closing sequence; one more keeps it.
            md += QString(std::clamp(b.level, 1, 6), u'#') + u' ' + text +
                  (text.endsWith(u'#') ? QStringLiteral(" #") : QString());
        } else {
            QStringView content;
            const bool escape = atxLevel(text, &content) > 0 || unescapeHash(text) != text;
            md += (escape ? QStringLiteral("\\") : QString()) + text;
        }
        md += QStringLiteral("\n\n");
    }
    if (!md.isEmpty()) {
        md.chop(1);
    }
    return md;
}

} // namespace onair::app
