#include "audio/CoverImage.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>

namespace onair::audio {

namespace {

bool startsWith(const std::vector<char>& bytes, const unsigned char* magic, std::size_t n) {
    return bytes.size() >= n && std::memcmp(bytes.data(), magic, n) == 0;
}

// A JPEG ends with EOI (FF D9) after its last scan (SOS, FF DA); inside a scan FF is always
// followed by 00 or a restart marker, so a file cut off in its image data has no EOI after
// the last SOS (an EOI of an embedded thumbnail comes before it).
bool jpegComplete(const std::vector<char>& bytes) {
    const auto at = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
    std::size_t lastScan = 0;
    for (std::size_t i = 2; i + 1 < bytes.size(); ++i) {
        if (at(i) == 0xFF && at(i + 1) == 0xDA) {
            lastScan = i;
        }
    }
    for (std::size_t i = lastScan + 2; lastScan != 0 && i + 1 < bytes.size(); ++i) {
        if (at(i) == 0xFF && at(i + 1) == 0xD9) {
            return true;
        }
    }
    return false;
}

// A PNG ends with its IEND chunk (length 0, type IEND).
bool pngComplete(const std::vector<char>& bytes) {
    static const char iend[] = {0, 0, 0, 0, 'I', 'E', 'N', 'D'};
    return std::search(bytes.begin(), bytes.end(), std::begin(iend), std::end(iend)) != bytes.end();
}

} // namespace

std::string readCoverImage(const std::string& path, CoverImage& out) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
        return "Cannot open the image " + path + ": the file is missing or unreadable.";
    }
    const std::streamoff size = in.tellg();
    if (size < 64) {
        return "The image " + path + " is too small (" + std::to_string(size) +
               " bytes) to be a JPEG or PNG picture.";
    }
    if (static_cast<std::size_t>(size) > kMaxCoverBytes) {
        return "The image " + path + " is " + std::to_string(size / (1024 * 1024)) +
               " MB; cover and chapter art must be at most " +
               std::to_string(kMaxCoverBytes / (1024 * 1024)) + " MB.";
    }
    out.bytes.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(out.bytes.data(), size)) {
        return "Cannot read the image " + path + ".";
    }
    static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF};
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (startsWith(out.bytes, jpeg, sizeof jpeg)) {
        out.type = CoverImage::Type::Jpeg;
    } else if (startsWith(out.bytes, png, sizeof png)) {
        out.type = CoverImage::Type::Png;
    } else {
        return "The image " + path +
               " is neither a JPEG nor a PNG picture (its first bytes say otherwise); "
               "export it as JPEG or PNG and choose it again.";
    }
    if (out.type == CoverImage::Type::Jpeg ? !jpegComplete(out.bytes) : !pngComplete(out.bytes)) {
        return "The image " + path + " is cut off (the " +
               (out.type == CoverImage::Type::Jpeg ? "JPEG" : "PNG") +
               " picture has no end); save it again and choose it again.";
    }
    return {};
}

} // namespace onair::audio
