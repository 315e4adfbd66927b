#pragma once

// The peak file's header as the builder writes it and PeakFile reads it (layout documented in
// PeakFile.h). Internal to the two.
#include "audio/PeakFile.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace onair::audio::peakformat {

static_assert(std::endian::native == std::endian::little, "the peak format is little-endian");
static_assert(sizeof(PeakPair) == 4);

inline constexpr char magic[8] = {'O', 'N', 'A', 'I', 'R', 'P', 'K', 'S'};
inline constexpr std::uint32_t version = 1;
inline constexpr std::size_t fixedBytes = 64;
inline constexpr std::size_t levelEntryBytes = 16;
inline constexpr std::int64_t baseBlock = 256;
inline constexpr std::int64_t factor = 16;
inline constexpr std::int64_t fewestEntries = 100; // a level this short is the coarsest
inline constexpr int maxLevels = 16;

struct LevelEntry {
    std::uint64_t offset = 0;
    std::uint64_t count = 0;
};

struct Header {
    std::int64_t sourceFrames = 0;
    std::uint32_t channels = 0;
    std::uint32_t baseBlock = 0;
    double sampleRate = 0;
    std::int64_t sourceSize = 0;
    std::int64_t sourceMtimeNs = 0;
    std::uint32_t factor = 0;
    std::vector<LevelEntry> levels;
};

struct SourceStamp {
    std::int64_t size = -1;
    std::int64_t mtimeNs = 0;
};

inline SourceStamp stampOf(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return {};
    }
    return {std::int64_t(st.st_size),
            std::int64_t(st.st_mtim.tv_sec) * 1000000000 + std::int64_t(st.st_mtim.tv_nsec)};
}

inline std::int64_t entriesFor(std::int64_t frames, std::int64_t block) {
    return (frames + block - 1) / block;
}

// How many levels a source of `frames` frames gets: coarser ones until one is short.
inline int levelCountFor(std::int64_t frames) {
    int levels = 1;
    std::int64_t block = baseBlock;
    while (entriesFor(frames, block) >= fewestEntries && levels < maxLevels) {
        block *= factor;
        ++levels;
    }
    return levels;
}

inline std::int16_t quantizeMin(float x) {
    const float v = std::floor(x * 32767.0f);
    return std::int16_t(v < -32767.0f ? -32767.0f : (v > 32767.0f ? 32767.0f : v));
}

inline std::int16_t quantizeMax(float x) {
    const float v = std::ceil(x * 32767.0f);
    return std::int16_t(v < -32767.0f ? -32767.0f : (v > 32767.0f ? 32767.0f : v));
}

template <typename T> void put(std::vector<std::uint8_t>& out, std::size_t at, T value) {
    std::memcpy(out.data() + at, &value, sizeof value);
}

template <typename T> T get(const std::uint8_t* in, std::size_t at) {
    T value;
    std::memcpy(&value, in + at, sizeof value);
    return value;
}

inline std::vector<std::uint8_t> encode(const Header& h) {
    std::vector<std::uint8_t> out(fixedBytes + levelEntryBytes * h.levels.size());
    std::memcpy(out.data(), magic, sizeof magic);
    put(out, 8, version);
    put(out, 12, std::uint32_t(out.size()));
    put(out, 16, h.sourceFrames);
    put(out, 24, h.channels);
    put(out, 28, h.baseBlock);
    put(out, 32, h.sampleRate);
    put(out, 40, h.sourceSize);
    put(out, 48, h.sourceMtimeNs);
    put(out, 56, h.factor);
    put(out, 60, std::uint32_t(h.levels.size()));
    for (std::size_t i = 0; i < h.levels.size(); ++i) {
        put(out, fixedBytes + i * levelEntryBytes, h.levels[i].offset);
        put(out, fixedBytes + i * levelEntryBytes + 8, h.levels[i].count);
    }
    return out;
}

// Reads and checks everything a reader relies on, so a damaged file is an error, not a read
// past the end of the mapping. Returns an error text, empty when the file is sound.
inline std::string decode(const std::uint8_t* data, std::size_t size, Header& h) {
    if (size < fixedBytes || std::memcmp(data, magic, sizeof magic) != 0) {
        return "not an OnAir peak file";
    }
    const auto fileVersion = get<std::uint32_t>(data, 8);
    if (fileVersion != version) {
        return "peak file version " + std::to_string(fileVersion) + ", expected " +
               std::to_string(version);
    }
    const auto headerBytes = get<std::uint32_t>(data, 12);
    h.sourceFrames = get<std::int64_t>(data, 16);
    h.channels = get<std::uint32_t>(data, 24);
    h.baseBlock = get<std::uint32_t>(data, 28);
    h.sampleRate = get<double>(data, 32);
    h.sourceSize = get<std::int64_t>(data, 40);
    h.sourceMtimeNs = get<std::int64_t>(data, 48);
    h.factor = get<std::uint32_t>(data, 56);
    const auto levels = get<std::uint32_t>(data, 60);
    if (levels < 1 || levels > std::uint32_t(maxLevels) ||
        headerBytes != fixedBytes + levelEntryBytes * levels || headerBytes > size ||
        h.sourceFrames < 0 || h.sourceFrames > (std::int64_t(1) << 48) || h.channels < 1 ||
        h.baseBlock < 1 || h.factor < 2 || !(h.sampleRate > 0)) {
        return "damaged peak file header";
    }
    h.levels.resize(levels);
    std::uint64_t expectedOffset = headerBytes;
    std::int64_t block = h.baseBlock;
    for (std::uint32_t i = 0; i < levels; ++i) {
        LevelEntry& e = h.levels[i];
        e.offset = get<std::uint64_t>(data, fixedBytes + i * levelEntryBytes);
        e.count = get<std::uint64_t>(data, fixedBytes + i * levelEntryBytes + 8);
        if (e.offset != expectedOffset ||
            e.count != std::uint64_t(entriesFor(h.sourceFrames, block))) {
            return "damaged peak file level table";
        }
        expectedOffset += e.count * sizeof(PeakPair);
        block *= h.factor;
    }
    if (expectedOffset != size) {
        return "peak file is truncated or has trailing bytes (" + std::to_string(size) +
               " bytes, expected " + std::to_string(expectedOffset) + ")";
    }
    return {};
}

} // namespace onair::audio::peakformat
