#include "audio/PeakFile.h"

#include "audio/PeakFormat.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <utility>

namespace onair::audio {

using namespace peakformat;

PeakFile::~PeakFile() {
    close();
}

PeakFile::PeakFile(PeakFile&& other) noexcept {
    *this = std::move(other);
}

PeakFile& PeakFile::operator=(PeakFile&& other) noexcept {
    if (this != &other) {
        close();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
        sourceFrames_ = std::exchange(other.sourceFrames_, 0);
        sampleRate_ = std::exchange(other.sampleRate_, 0);
        channels_ = std::exchange(other.channels_, 0);
        levels_ = std::move(other.levels_);
        other.levels_.clear();
    }
    return *this;
}

void PeakFile::close() {
    if (data_ != nullptr) {
        ::munmap(data_, size_);
    }
    data_ = nullptr;
    size_ = 0;
    sourceFrames_ = 0;
    sampleRate_ = 0;
    channels_ = 0;
    levels_.clear();
}

std::string PeakFile::open(const std::string& peakPath, const std::string& sourcePath) {
    close();
    const int fd = ::open(peakPath.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return "Cannot open peaks " + peakPath + ": " + std::strerror(errno);
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size <= 0) {
        ::close(fd);
        return "Peaks " + peakPath + " are damaged: the file is empty";
    }
    void* map = ::mmap(nullptr, std::size_t(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd); // the mapping keeps the file open
    if (map == MAP_FAILED) {
        return "Cannot map peaks " + peakPath + ": " + std::strerror(errno);
    }
    data_ = map;
    size_ = std::size_t(st.st_size);

    Header header;
    if (std::string e = decode(static_cast<const std::uint8_t*>(data_), size_, header);
        !e.empty()) {
        close();
        return "Peaks " + peakPath + " are damaged: " + e;
    }
    const SourceStamp stamp = stampOf(sourcePath);
    if (stamp.size < 0) {
        close();
        return "Peaks " + peakPath + " have no source: " + sourcePath + " does not exist";
    }
    if (stamp.size != header.sourceSize || stamp.mtimeNs != header.sourceMtimeNs) {
        close();
        return "Peaks " + peakPath + " are stale: " + sourcePath + " changed since they were built";
    }
    sourceFrames_ = header.sourceFrames;
    sampleRate_ = header.sampleRate;
    channels_ = int(header.channels);
    std::int64_t block = header.baseBlock;
    for (const LevelEntry& e : header.levels) {
        const auto* pairs =
            reinterpret_cast<const PeakPair*>(static_cast<const std::uint8_t*>(data_) + e.offset);
        levels_.push_back({block, {pairs, std::size_t(e.count)}});
        block *= header.factor;
    }
    return {};
}

void PeakFile::query(std::int64_t start, std::int64_t end, int columns, float* mins,
                     float* maxs) const {
    if (columns <= 0) {
        return;
    }
    const std::int64_t span = std::max<std::int64_t>(end - start, 0);
    const double perColumn = double(span) / columns;
    std::size_t chosen = 0;
    while (chosen + 1 < levels_.size() && double(levels_[chosen + 1].block) <= perColumn) {
        ++chosen;
    }
    const std::int64_t q = span / columns;
    const std::int64_t r = span % columns;
    constexpr float scale = 1.0f / 32767.0f;
    for (int i = 0; i < columns; ++i) {
        // Integer bounds, so adjacent columns share no frame and leave none out.
        // (q * i + r * i / columns == span * i / columns without overflowing for long spans.)
        std::int64_t from = start + q * i + r * i / columns;
        std::int64_t to = start + q * (i + 1) + r * (i + 1) / columns;
        to = std::max(to, from + 1);
        from = std::max<std::int64_t>(from, 0);
        to = std::min(to, sourceFrames_);
        mins[i] = 0;
        maxs[i] = 0;
        if (levels_.empty() || from >= to) {
            continue;
        }
        const Level& level = levels_[chosen];
        const std::int64_t first = from / level.block;
        const std::int64_t last = (to - 1) / level.block;
        PeakPair p = level.pairs[std::size_t(first)];
        for (std::int64_t b = first + 1; b <= last; ++b) {
            const PeakPair q = level.pairs[std::size_t(b)];
            p.min = std::min(p.min, q.min);
            p.max = std::max(p.max, q.max);
        }
        mins[i] = float(p.min) * scale;
        maxs[i] = float(p.max) * scale;
    }
}

} // namespace onair::audio
