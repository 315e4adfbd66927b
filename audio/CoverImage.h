#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace onair::audio {

// An image file read for embedding as cover or chapter art. The type comes from the bytes, not
// the file name: a renamed or truncated file must be refused before it reaches a tag.
struct CoverImage {
    enum class Type { Jpeg, Png };
    Type type = Type::Jpeg;
    std::vector<char> bytes;

    const char* mimeType() const { return type == Type::Png ? "image/png" : "image/jpeg"; }
};

// Podcast directories reject art over a few MB; anything larger is a mistake, not a cover.
inline constexpr std::size_t kMaxCoverBytes = 10u * 1024u * 1024u;

// Reads and checks path (JPEG or PNG by magic bytes, 64 B .. kMaxCoverBytes, and complete: its
// segments or chunks reach the JPEG's EOI or the PNG's IEND, so a file cut off in transfer is
// refused). Returns an error text naming the file and the problem, empty on success.
std::string readCoverImage(const std::string& path, CoverImage& out);

} // namespace onair::audio
