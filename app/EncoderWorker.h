#pragma once

#include "app/BlockWorker.h"
#include "audio/AudioEncoder.h"

#include <QString>
#include <atomic>
#include <memory>
#include <optional>

namespace onair::app {

// One format's encoder on its own thread (a BlockWorker): the formats encode side by side.
class EncoderWorker {
public:
    EncoderWorker(const QString& path, const audio::EncoderSettings& settings, double rate,
                  const std::vector<audio::ChapterInfo>& chapters)
        : channels_(settings.channels) {
        error_ = encoder_.open(path.toStdString(), settings, rate, chapters);
        if (error_.empty()) {
            worker_.emplace([this](const Block& block) {
                if (error_.empty()) { // the worker's thread owns error_ until finish()
                    error_ = encoder_.write(block->data(), block->size() / std::size_t(channels_));
                    failed_ = !error_.empty();
                }
            });
        }
    }
    ~EncoderWorker() { finish(true); }
    EncoderWorker(const EncoderWorker&) = delete;
    EncoderWorker& operator=(const EncoderWorker&) = delete;
    const std::string& error() const { return error_; }
    // True once a write failed (a full disk): the producer can stop rendering; finish() says why.
    bool failed() const { return failed_; }

    void push(const Block& block) {
        if (worker_) {
            worker_->push(block);
        }
    }
    // Waits for the queue to drain and completes the file (or deletes it when aborting).
    std::string finish(bool abort) {
        if (!worker_) {
            return error_;
        }
        worker_->finish(abort);
        worker_.reset();
        if (abort || !error_.empty()) {
            encoder_.abort();
        } else {
            error_ = encoder_.finish();
        }
        return error_;
    }

private:
    int channels_;
    audio::AudioEncoder encoder_;
    std::string error_;
    std::atomic<bool> failed_{false};
    std::optional<BlockWorker> worker_;
};

} // namespace onair::app
