#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace onair::audio {

// The lowest and highest sample of a block of source frames, over all channels (min of the
// channels' minima, max of their maxima), as 16-bit codes: code = sample * 32767, the minimum
// rounded down and the maximum rounded up so the drawn envelope never hides a peak, clamped to
// +-32767. Enough for a waveform on screen; the source stays the truth.
struct PeakPair {
    std::int16_t min, max;
};

// Builds the peak summary of `sourcePath` (anything libsndfile reads) into `peakPath`, written
// to peakPath + ".part" and renamed, creating the parent folder if needed. Returns an error
// text, empty on success; on error or cancel no file is left behind. `onProgress` gets a
// growing fraction at most about 100 times; `cancel` is polled once per chunk read. Not
// real-time safe: run it on a worker thread.
std::string buildPeaks(const std::string& sourcePath, const std::string& peakPath,
                       const std::function<void(double)>& onProgress = {},
                       const std::atomic<bool>* cancel = nullptr);

// A peak summary file, memory-mapped read-only (pages are loaded as views touch them).
//
// Levels: level 0 has one PeakPair per block of 256 source frames (the last block may be
// shorter); each next level has blocks 16 times larger (4096, 65536, ...), built from the
// previous one, until a level has fewer than 100 entries. A 3-hour 48 kHz track: 2 M base
// pairs, 8.5 MB in all.
//
// File format, version 1, little-endian, all offsets in bytes from the start of the file:
//   0  char[8] magic "ONAIRPKS"
//   8  u32     version (1)
//  12  u32     header size = 64 + 16 * level count (where the first level array starts)
//  16  i64     source frame count (frames actually read from the source)
//  24  u32     source channel count
//  28  u32     base block size in frames (256)
//  32  f64     source sample rate
//  40  i64     source file size in bytes  } compared with the source on open():
//  48  i64     source mtime, ns since 1970 } a mismatch means the summary is stale
//  56  u32     block growth factor between levels (16)
//  60  u32     level count
//  64  level table, one entry per level, finest first: u64 offset, u64 entry count
//      (entry count = ceil(source frames / block size of the level))
//  ... the level arrays, each entry a PeakPair (i16 min, i16 max), 4 bytes
// The file ends right after the last array.
class PeakFile {
public:
    PeakFile() = default;
    ~PeakFile();
    PeakFile(PeakFile&& other) noexcept;
    PeakFile& operator=(PeakFile&& other) noexcept;
    PeakFile(const PeakFile&) = delete;
    PeakFile& operator=(const PeakFile&) = delete;

    // Maps the summary and checks it against its source. Returns an error text when the file is
    // missing, damaged, of another version, or stale (the source's size or mtime changed);
    // then the object is empty (no frames). Rebuild with buildPeaks() in the last two cases.
    std::string open(const std::string& peakPath, const std::string& sourcePath);
    void close();
    bool isOpen() const { return data_ != nullptr; }

    std::int64_t sourceFrames() const { return sourceFrames_; }
    double sampleRate() const { return sampleRate_; }
    int channels() const { return channels_; }

    int levelCount() const { return int(levels_.size()); }
    std::int64_t blockFrames(int level) const { return levels_[std::size_t(level)].block; }
    std::span<const PeakPair> level(int level) const { return levels_[std::size_t(level)].pairs; }

    // Fills `columns` min/max pairs (floats in -1..1) covering source frames [start, end), column
    // i spanning frames [start + i*span/columns, start + (i+1)*span/columns) (at least one
    // frame), from the coarsest level whose block is <= frames per column. Each column is the
    // exact min/max over the blocks of that level it overlaps; when zoomed in beyond 256 frames
    // per column that is the base block around it (read the source itself at such zooms).
    // Columns outside the source are 0. Cost: at most 17 blocks per column (up to the
    // coarsest level's < 100 when a column is wider than its blocks), no allocation.
    void query(std::int64_t start, std::int64_t end, int columns, float* mins, float* maxs) const;

private:
    struct Level {
        std::int64_t block = 0;
        std::span<const PeakPair> pairs;
    };

    void* data_ = nullptr;
    std::size_t size_ = 0;
    std::int64_t sourceFrames_ = 0;
    double sampleRate_ = 0;
    int channels_ = 0;
    std::vector<Level> levels_;
};

} // namespace onair::audio
