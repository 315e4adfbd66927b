#pragma once

#include <atomic>
#include <csignal>

namespace onair::app {

// Ctrl+C (SIGINT) and SIGTERM end a long CLI command (record, levels) cleanly instead of killing
// it: while one of these lives, the signals only set a flag the command's loop reads. The
// previous handlers come back when it goes. One at a time per process.
class CliInterrupt {
public:
    CliInterrupt() {
        flag().store(false);
        previousInt_ = std::signal(SIGINT, &CliInterrupt::onSignal);
        previousTerm_ = std::signal(SIGTERM, &CliInterrupt::onSignal);
    }
    ~CliInterrupt() {
        std::signal(SIGINT, previousInt_);
        std::signal(SIGTERM, previousTerm_);
    }
    CliInterrupt(const CliInterrupt&) = delete;
    CliInterrupt& operator=(const CliInterrupt&) = delete;

    bool requested() const { return flag().load(); }

private:
    // A signal handler may only touch a lock-free atomic: a function-local static one is that.
    static std::atomic<bool>& flag() {
        static std::atomic<bool> interrupted{false};
        return interrupted;
    }
    static void onSignal(int) { flag().store(true); }

    void (*previousInt_)(int) = nullptr;
    void (*previousTerm_)(int) = nullptr;
};

} // namespace onair::app
