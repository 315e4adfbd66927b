// buildPeaks(): reads a source once in large chunks and writes its multi-level summary.
#include "audio/PeakFile.h"
#include "audio/PeakFormat.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <sndfile.h>
#include <system_error>
#include <unistd.h>

namespace onair::audio {
namespace {

namespace fs = std::filesystem;
using namespace peakformat;

// Large reads keep libsndfile's per-call overhead and the syscalls out of the figure; a
// multiple of the base block so blocks rarely straddle two reads.
constexpr sf_count_t chunkFrames = 64 * 1024;

struct SndfileCloser {
    void operator()(SNDFILE* f) const { sf_close(f); }
};
struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

// Min and max of n contiguous samples folded into lo/hi, four lanes at a time. Written with
// GCC/Clang vector types because without -ffast-math the compiler keeps `a < b ? a : b` on
// floats scalar (minss): the summary then cost 40 % on top of reading the file, now ~20 %.
// 16 bytes: one SSE/NEON register on every target (32-byte vectors without AVX were slower).
using Lanes = float __attribute__((vector_size(16)));

void foldMinMax(const float* p, std::size_t n, float& lo, float& hi) {
    constexpr std::size_t width = sizeof(Lanes) / sizeof(float);
    std::size_t i = 0;
    if (n >= width) {
        Lanes l;
        std::memcpy(&l, p, sizeof l);
        Lanes h = l;
        for (i = width; i + width <= n; i += width) {
            Lanes v;
            std::memcpy(&v, p + i, sizeof v);
            l = v < l ? v : l;
            h = v > h ? v : h;
        }
        for (std::size_t k = 0; k < width; ++k) {
            lo = l[k] < lo ? l[k] : lo;
            hi = h[k] > hi ? h[k] : hi;
        }
    }
    for (; i < n; ++i) {
        lo = p[i] < lo ? p[i] : lo;
        hi = p[i] > hi ? p[i] : hi;
    }
}

std::vector<PeakPair> coarser(const std::vector<PeakPair>& finer, std::int64_t frames,
                              std::int64_t block) {
    std::vector<PeakPair> out(std::size_t(entriesFor(frames, block)));
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::size_t first = i * std::size_t(factor);
        const std::size_t last = std::min(finer.size(), first + std::size_t(factor));
        PeakPair p = finer[first];
        for (std::size_t j = first + 1; j < last; ++j) {
            p.min = std::min(p.min, finer[j].min);
            p.max = std::max(p.max, finer[j].max);
        }
        out[i] = p;
    }
    return out;
}

// The whole build; errors are returned without the "Cannot build peaks" prefix.
std::string build(const std::string& sourcePath, const std::string& partPath,
                  const std::function<void(double)>& onProgress, const std::atomic<bool>* cancel) {
    const SourceStamp stamp = stampOf(sourcePath);
    if (stamp.size < 0) {
        return "the file does not exist";
    }
    SF_INFO info{};
    std::unique_ptr<SNDFILE, SndfileCloser> source(sf_open(sourcePath.c_str(), SFM_READ, &info));
    if (!source) {
        return std::string("libsndfile cannot read it (") + sf_strerror(nullptr) + ")";
    }
    const std::size_t channels = std::size_t(info.channels);
    std::vector<float> chunk(std::size_t(chunkFrames) * channels);
    std::vector<PeakPair> base;
    base.reserve(std::size_t(std::max<sf_count_t>(info.frames, 0) / baseBlock + 1));

    std::int64_t frames = 0;
    std::int64_t inBlock = 0; // frames of the current base block seen so far
    float lo = 0;
    float hi = 0;
    double reported = 0;
    for (;;) {
        if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
            return "cancelled";
        }
        const sf_count_t got = sf_readf_float(source.get(), chunk.data(), chunkFrames);
        if (got <= 0) {
            break;
        }
        for (sf_count_t at = 0; at < got;) {
            if (inBlock == 0) {
                lo = chunk[std::size_t(at) * channels];
                hi = lo;
            }
            const sf_count_t n = std::min<sf_count_t>(baseBlock - inBlock, got - at);
            foldMinMax(chunk.data() + std::size_t(at) * channels, std::size_t(n) * channels, lo,
                       hi);
            at += n;
            inBlock += n;
            if (inBlock == baseBlock) {
                base.push_back({quantizeMin(lo), quantizeMax(hi)});
                inBlock = 0;
            }
        }
        frames += got;
        if (onProgress && info.frames > 0) {
            const double fraction = std::min(0.99, double(frames) / double(info.frames));
            if (fraction >= reported + 0.01) {
                reported = fraction;
                onProgress(fraction);
            }
        }
    }
    if (inBlock > 0) {
        base.push_back({quantizeMin(lo), quantizeMax(hi)});
    }
    if (sf_error(source.get()) != SF_ERR_NO_ERROR) {
        return std::string("reading it failed (") + sf_strerror(source.get()) + ")";
    }
    source.reset();
    const SourceStamp after = stampOf(sourcePath);
    if (after.size != stamp.size || after.mtimeNs != stamp.mtimeNs) {
        return "the file changed while it was read (is it still being recorded?)";
    }

    std::vector<std::vector<PeakPair>> levels;
    levels.push_back(std::move(base));
    std::int64_t block = baseBlock;
    for (int i = 1; i < levelCountFor(frames); ++i) {
        block *= factor;
        levels.push_back(coarser(levels.back(), frames, block));
    }

    Header header;
    header.sourceFrames = frames;
    header.channels = std::uint32_t(info.channels);
    header.baseBlock = std::uint32_t(baseBlock);
    header.sampleRate = info.samplerate;
    header.sourceSize = stamp.size;
    header.sourceMtimeNs = stamp.mtimeNs;
    header.factor = std::uint32_t(factor);
    std::uint64_t offset = fixedBytes + levelEntryBytes * levels.size();
    for (const auto& level : levels) {
        header.levels.push_back({offset, level.size()});
        offset += level.size() * sizeof(PeakPair);
    }
    const std::vector<std::uint8_t> head = encode(header);

    std::error_code ec;
    const fs::path parent = fs::path(partPath).parent_path();
    if (!parent.empty()) {
        fs::create_directories(parent, ec);
    }
    // No fsync: the summary is a cache, and a torn file fails open()'s size check and is rebuilt.
    std::unique_ptr<std::FILE, FileCloser> out(std::fopen(partPath.c_str(), "wb"));
    if (!out) {
        return "cannot create " + partPath + ": " + std::strerror(errno);
    }
    bool ok = std::fwrite(head.data(), 1, head.size(), out.get()) == head.size();
    for (const auto& level : levels) {
        ok = ok &&
             std::fwrite(level.data(), sizeof(PeakPair), level.size(), out.get()) == level.size();
    }
    ok = std::fclose(out.release()) == 0 && ok;
    if (!ok) {
        return "cannot write " + partPath + " (is the disk full?)";
    }
    return {};
}

} // namespace

std::string buildPeaks(const std::string& sourcePath, const std::string& peakPath,
                       const std::function<void(double)>& onProgress,
                       const std::atomic<bool>* cancel) {
    // Unique per build: a cancelled build of the same file (an episode closed and opened again)
    // may still be finishing, and must not remove or rename this one's file.
    static std::atomic<unsigned> serial{0};
    const std::string partPath = peakPath + "." + std::to_string(::getpid()) + "-" +
                                 std::to_string(serial.fetch_add(1)) + ".part";
    std::string error = build(sourcePath, partPath, onProgress, cancel);
    std::error_code ec;
    if (error.empty()) {
        fs::rename(partPath, peakPath, ec);
        if (ec) {
            error = "cannot rename " + partPath + " to " + peakPath + ": " + ec.message();
        }
    }
    if (!error.empty()) {
        fs::remove(partPath, ec);
        return "Cannot build peaks for " + sourcePath + ": " + error;
    }
    if (onProgress) {
        onProgress(1.0);
    }
    return {};
}

} // namespace onair::audio
