#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace onair::app {

using Block = std::shared_ptr<const std::vector<float>>;

// A consumer of audio blocks on its own thread, fed through a small bounded queue: the export
// runs its encoders and meters side by side on both cores, and memory stays flat whatever the
// episode's length. Not real-time (locks and waits): export work only.
class BlockWorker {
public:
    explicit BlockWorker(std::function<void(const Block&)> consume, std::size_t capacity = 16)
        : consume_(std::move(consume))
        , capacity_(capacity)
        , thread_([this] { run(); }) {}
    ~BlockWorker() { finish(true); }
    BlockWorker(const BlockWorker&) = delete;
    BlockWorker& operator=(const BlockWorker&) = delete;

    // Waits while the queue is full. Blocks pushed after finish() are dropped.
    void push(Block block) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [this] { return queue_.size() < capacity_ || stopped_; });
        if (!stopped_) {
            queue_.push_back(std::move(block));
            ready_.notify_one();
        }
    }
    // Consumes what is queued (or drops it when aborting) and ends the thread. Idempotent.
    // An exception the consumer threw (it then stopped consuming) is rethrown here unless
    // aborting.
    void finish(bool abort) {
        {
            std::lock_guard lock(mutex_);
            if (!done_) {
                done_ = true;
                abort_ = abort;
                ready_.notify_one();
            }
        }
        if (thread_.joinable()) {
            thread_.join();
        }
        if (failure_ && !abort) {
            std::rethrow_exception(std::exchange(failure_, nullptr));
        }
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
                block = std::move(queue_.front());
                queue_.pop_front();
                space_.notify_one();
            }
            try {
                consume_(block);
            } catch (...) {
                failure_ = std::current_exception(); // read after join(): no race
                break;
            }
        }
        std::lock_guard lock(mutex_);
        stopped_ = true;
        queue_.clear();
        space_.notify_all();
    }

    std::function<void(const Block&)> consume_;
    std::size_t capacity_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::condition_variable space_;
    std::deque<Block> queue_;
    bool done_ = false;
    bool abort_ = false;
    bool stopped_ = false;
    std::exception_ptr failure_;
    std::thread thread_; // last: starts once everything above is constructed
};

} // namespace onair::app
