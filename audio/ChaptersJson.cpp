#include "audio/ChaptersJson.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace onair::audio {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not valid (overlong forms,
// surrogates and code points above U+10FFFF included).
std::size_t utf8SequenceLength(const std::string& s, std::size_t i, std::uint32_t& codePoint) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    std::uint32_t min = 0;
    if (lead < 0x80) {
        codePoint = lead;
        return 1;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, min = 0x80, codePoint = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, min = 0x800, codePoint = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, min = 0x10000, codePoint = lead & 0x07u;
    } else {
        return 0;
    }
    if (i + length > s.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            return 0;
        }
        codePoint = (codePoint << 6) | (byte(i + k) & 0x3Fu);
    }
    if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
        return 0;
    }
    return length;
}

std::string number(double value) {
    if (!std::isfinite(value) || value < 0.0) {
        value = 0.0;
    }
    // Millisecond precision, shortest form: 12.5, not 12.500000000000002.
    value = std::round(value * 1000.0) / 1000.0;
    char text[64];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

} // namespace

std::string jsonString(const std::string& utf8) {
    std::string out = "\"";
    for (std::size_t i = 0; i < utf8.size();) {
        std::uint32_t cp = 0;
        const std::size_t length = utf8SequenceLength(utf8, i, cp);
        if (length == 0) {
            out += "\\ufffd";
            ++i;
            continue;
        }
        switch (cp) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            // Control characters must be escaped; U+2028/2029 are valid JSON but break
            // JavaScript that embeds it, so they are escaped too. DEL is escaped for readability.
            if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(cp));
                out += escaped;
            } else {
                out.append(utf8, i, length);
            }
        }
        i += length;
    }
    out += '"';
    return out;
}

std::string chaptersJson(const std::vector<ChapterInfo>& chapters,
                         const std::function<std::string(const ChapterInfo&)>& imageUrl) {
    std::string out = "{\"version\":\"1.2.0\",\"chapters\":[";
    for (std::size_t i = 0; i < chapters.size(); ++i) {
        const auto& c = chapters[i];
        out += i == 0 ? "\n" : ",\n";
        out += "{\"startTime\":" + number(c.startSeconds);
        if (c.endSeconds > c.startSeconds) {
            out += ",\"endTime\":" + number(c.endSeconds);
        }
        out += ",\"title\":" + jsonString(c.title);
        if (!c.url.empty()) {
            out += ",\"url\":" + jsonString(c.url);
        }
        if (imageUrl && !c.imagePath.empty()) {
            if (const auto img = imageUrl(c); !img.empty()) {
                out += ",\"img\":" + jsonString(img);
            }
        }
        out += '}';
    }
    out += chapters.empty() ? "]}\n" : "\n]}\n";
    return out;
}

} // namespace onair::audio
