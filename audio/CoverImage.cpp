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

// A JPEG is complete when its segments, walked from SOI by their lengths (so an EXIF
// thumbnail inside APP1 is skipped), reach EOI; after each SOS the entropy-coded data runs to
// the next marker (FF followed by neither a stuffed 00 nor a restart marker). Bytes after EOI
// (camera trailers) do not matter.
bool jpegComplete(const std::vector<char>& bytes) {
    const auto at = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
    std::size_t i = 2; // after SOI
    while (i + 1 < bytes.size()) {
        if (at(i) != 0xFF) {
            return false; // no marker where one must be
        }
        const unsigned char marker = at(i + 1);
        if (marker == 0xFF) {
            ++i; // fill byte
            continue;
        }
        if (marker == 0xD9) {
            return true; // EOI
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            i += 2; // no length
            continue;
        }
        if (i + 3 >= bytes.size()) {
            return false;
        }
        const std::size_t length = std::size_t(at(i + 2)) << 8 | at(i + 3);
        if (length < 2) {
            return false;
        }
        i += 2 + length;
        if (marker == 0xDA) {
            while (i + 1 < bytes.size() && !(at(i) == 0xFF && at(i + 1) != 0x00 &&
                                             (at(i + 1) < 0xD0 || at(i + 1) > 0xD7))) {
                ++i;
            }
        }
    }
    return false;
}

// A PNG is complete when its chunks, walked by their lengths, reach IEND.
bool pngComplete(const std::vector<char>& bytes) {
    const auto at = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
    for (std::size_t i = 8; i + 12 <= bytes.size();) {
        if (std::memcmp(bytes.data() + i + 4, "IEND", 4) == 0) {
            return true;
        }
        const std::size_t length = std::size_t(at(i)) << 24 | std::size_t(at(i + 1)) << 16 |
                                   std::size_t(at(i + 2)) << 8 | at(i + 3);
        i += 12 + length;
    }
    return false;
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
