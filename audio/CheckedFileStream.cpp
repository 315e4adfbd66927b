#include "audio/CheckedFileStream.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace onair::audio {

namespace {

// Moves go through a buffer of this size: memory stays flat whatever the file's size.
constexpr long kMoveChunk = 1 << 20;

} // namespace

CheckedFileStream::CheckedFileStream(const std::string& path)
    : path_(path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd_ < 0) {
        error_ = errno;
    }
}

CheckedFileStream::~CheckedFileStream() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

bool CheckedFileStream::readAt(char* data, std::size_t size, long offset, std::size_t* got) {
    *got = 0;
    while (*got < size) {
        const ssize_t n = ::pread(fd_, data + *got, size - *got, offset + long(*got));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return n == 0; // end of file is not an error
        }
        *got += std::size_t(n);
    }
    return true;
}

bool CheckedFileStream::writeAt(const char* data, std::size_t size, long offset) {
    if (fd_ < 0 || error_ != 0) {
        return false;
    }
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::pwrite(fd_, data + done, size - done, offset + long(done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            error_ = n < 0 ? errno : EIO;
            return false;
        }
        done += std::size_t(n);
    }
    return true;
}

bool CheckedFileStream::reserve(long end, long size) {
    const std::vector<char> zeros(std::size_t(std::min(size, kMoveChunk)), '\0');
    for (long done = 0; done < size;) {
        const long n = std::min(kMoveChunk, size - done);
        if (!writeAt(zeros.data(), std::size_t(n), end + done)) {
            return false;
        }
        done += n;
    }
    return true;
}

bool CheckedFileStream::move(long from, long to, long size) {
    std::vector<char> buffer(std::size_t(std::min(size, kMoveChunk)));
    // Moving up, copy from the end so nothing is overwritten before it is read; moving down,
    // from the start.
    for (long done = 0; done < size;) {
        const long n = std::min(kMoveChunk, size - done);
        const long at = to > from ? size - done - n : done;
        std::size_t got = 0;
        const bool read = readAt(buffer.data(), std::size_t(n), from + at, &got);
        if (!read || got != std::size_t(n)) {
            error_ = read ? EIO : errno; // a short read: the file changed under us
            return false;
        }
        if (!writeAt(buffer.data(), std::size_t(n), to + at)) {
            return false;
        }
        done += n;
    }
    return true;
}

TagLib::ByteVector CheckedFileStream::readBlock(unsigned long length) {
    if (fd_ < 0 || length == 0) {
        return {};
    }
    const long available = std::max(0L, this->length() - position_);
    TagLib::ByteVector block(static_cast<unsigned int>(std::min(long(length), available)), 0);
    std::size_t got = 0;
    readAt(block.data(), block.size(), position_, &got);
    block.resize(static_cast<unsigned int>(got));
    position_ += long(got);
    return block;
}

void CheckedFileStream::writeBlock(const TagLib::ByteVector& data) {
    if (writeAt(data.data(), data.size(), position_)) {
        position_ += long(data.size());
    }
}

void CheckedFileStream::insert(const TagLib::ByteVector& data, unsigned long start,
                               unsigned long replace) {
    if (fd_ < 0 || error_ != 0) {
        return;
    }
    if (data.size() < replace) {
        seek(long(start));
        writeBlock(data);
        removeBlock(start + data.size(), replace - data.size());
        return;
    }
    const long end = length();
    const long tail = long(start + replace);
    const long grow = long(data.size()) - long(replace);
    // The room first: on a full disk that fails before anything inside the file has moved.
    if (grow > 0 && tail < end && (!reserve(end, grow) || !move(tail, tail + grow, end - tail))) {
        return;
    }
    if (writeAt(data.data(), data.size(), long(start))) {
        position_ = long(start + data.size());
    }
}

void CheckedFileStream::removeBlock(unsigned long start, unsigned long length) {
    if (fd_ < 0 || error_ != 0 || length == 0) {
        return;
    }
    const long end = this->length();
    const long from = long(start + length);
    if (from < end && !move(from, long(start), end - from)) {
        return;
    }
    truncate(std::max(long(start), end - long(length)));
    position_ = long(start);
}

void CheckedFileStream::seek(long offset, Position p) {
    long base = 0;
    if (p == Current) {
        base = position_;
    } else if (p == End) {
        base = length();
    }
    if (base + offset >= 0) {
        position_ = base + offset;
    }
}

long CheckedFileStream::length() {
    struct stat info {};
    return fd_ >= 0 && ::fstat(fd_, &info) == 0 ? long(info.st_size) : 0;
}

void CheckedFileStream::truncate(long length) {
    if (fd_ < 0 || error_ != 0) {
        return;
    }
    if (::ftruncate(fd_, length) != 0) {
        error_ = errno;
    }
}

} // namespace onair::audio
