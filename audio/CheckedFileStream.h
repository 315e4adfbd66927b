#pragma once

// A TagLib stream on a file that remembers the first failed write. TagLib's own FileStream
// ignores what fwrite returns, so on a full disk (or past a file size limit) a tag write
// "succeeds" and leaves a cut-off file; TagWriter saves through this stream instead and reports
// the failure. Unbuffered pread/pwrite on one descriptor, so each failure is seen where it
// happens. Written against TagLib 1.13's IOStream. Plain C++20, no Qt. Not real-time safe.
#include <string>
#include <taglib/tiostream.h>

namespace onair::audio {

class CheckedFileStream : public TagLib::IOStream {
public:
    explicit CheckedFileStream(const std::string& path); // opened for reading and writing
    ~CheckedFileStream() override;
    CheckedFileStream(const CheckedFileStream&) = delete;
    CheckedFileStream& operator=(const CheckedFileStream&) = delete;

    // errno of the failed open or of the first failed write, move or truncate; 0 when none.
    // After a failure nothing more is written (the file is the caller's to discard).
    int error() const { return error_; }

    TagLib::FileName name() const override { return path_.c_str(); }
    TagLib::ByteVector readBlock(unsigned long length) override;
    void writeBlock(const TagLib::ByteVector& data) override;
    void insert(const TagLib::ByteVector& data, unsigned long start = 0,
                unsigned long replace = 0) override;
    void removeBlock(unsigned long start = 0, unsigned long length = 0) override;
    bool readOnly() const override { return fd_ < 0; }
    bool isOpen() const override { return fd_ >= 0; }
    void seek(long offset, Position p = Beginning) override;
    long tell() const override { return position_; }
    long length() override;
    void truncate(long length) override;

private:
    bool writeAt(const char* data, std::size_t size, long offset);
    bool readAt(char* data, std::size_t size, long offset, std::size_t* got);
    // Appends `size` zero bytes at `end`: the room an insert needs, claimed before anything moves.
    bool reserve(long end, long size);
    // Copies `size` bytes from `from` to `to` inside the file, overlaps allowed (memmove).
    bool move(long from, long to, long size);

    std::string path_;
    int fd_ = -1;
    long position_ = 0;
    int error_ = 0;
};

} // namespace onair::audio
