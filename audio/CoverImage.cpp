#include "audio/CoverImage.h"

#include <cstring>
#include <fstream>

namespace onair::audio {

namespace {

bool startsWith(const std::vector<char>& bytes, const unsigned char* magic, std::size_t n) {
    return bytes.size() >= n && std::memcmp(bytes.data(), magic, n) == 0;
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
    return {};
}

} // namespace onair::audio
