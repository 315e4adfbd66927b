#pragma once

#include "audio/AudioEncoder.h"

#include <QString>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace onair::app {

using Block = std::shared_ptr<const std::vector<float>>;

// One format's encoder on its own thread, fed blocks through a small bounded queue: the
// formats encode side by side, and memory stays flat whatever the episode's length.
class EncoderWorker {
public:
    EncoderWorker(const QString& path, const audio::EncoderSettings& settings, double rate,
                  const std::vector<audio::ChapterInfo>& chapters)
        : channels_(settings.channels) {
        error_ = encoder_.open(path.toStdString(), settings, rate, chapters);
        if (error_.empty()) {
            thread_ = std::thread([this] { run(); });
        }
    }
    ~EncoderWorker() { finish(true); }
    const std::string& error() const { return error_; }

    void push(const Block& block) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [this] { return queue_.size() < 16 || stopped_; });
        queue_.push_back(block);
        ready_.notify_one();
    }
    // Waits for the queue to drain and completes the file (or deletes it when aborting).
    std::string finish(bool abort) {
        {
            std::lock_guard lock(mutex_);
            if (done_) {
                return error_;
            }
            done_ = true;
            abort_ = abort;
            ready_.notify_one();
        }
        if (thread_.joinable()) {
            thread_.join();
        }
        return error_;
    }

private:
    void run() {
        for (;;) {
            Block block;
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [this] { return !queue_.empty() || done_; });
                if (queue_.empty() || abort_) {
                    break;
                }
                block = queue_.front();
                queue_.pop_front();
                space_.notify_one();
            }
            if (error_.empty()) {
                error_ = encoder_.write(block->data(), block->size() / std::size_t(channels()));
            }
        }
        std::lock_guard lock(mutex_);
        stopped_ = true;
        space_.notify_all();
        if (abort_ || !error_.empty()) {
            encoder_.abort();
        } else {
            error_ = encoder_.finish();
        }
    }
    int channels() const { return channels_; }

    int channels_;
    audio::AudioEncoder encoder_;
    std::string error_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::condition_variable space_;
    std::deque<Block> queue_;
    bool done_ = false;
    bool abort_ = false;
    bool stopped_ = false;
};

} // namespace onair::app
