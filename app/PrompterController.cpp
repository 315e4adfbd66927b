#include "app/PrompterController.h"

#include <QElapsedTimer>
#include <algorithm>
#include <cmath>
#include <memory>

namespace onair::app {
namespace {

PrompterController::Clock elapsedTimerClock() {
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    return [timer] { return double(timer->nsecsElapsed()) / 1e6; };
}

} // namespace

PrompterController::PrompterController(QObject* parent)
    : PrompterController(elapsedTimerClock(), parent) {}

PrompterController::PrompterController(Clock nowMs, QObject* parent)
    : QObject(parent)
    , now_(std::move(nowMs)) {}

void PrompterController::setScript(const Script& script) {
    load(script);
    anchorUnits_ = 0;
    anchorMs_ = now_();
    if (countdownShown_ != 0) {
        countdownShown_ = 0;
        emit countdownChanged(0);
    }
    setState(State::Idle);
    rearm(0);
    emit scriptChanged();
    emitPosition();
}

void PrompterController::replaceScript(const Script& script) {
    settle();
    const double word = position();
    load(script);
    if (script_.isEmpty()) {
        setScript(script_);
        return;
    }
    const double units = std::clamp(map_.unitsOfWord(std::min(word, double(script_.wordCount))),
                                    0.0, map_.totalUnits());
    anchorUnits_ = units;
    if (state_ != State::Countdown) {
        anchorMs_ = now_(); // a countdown keeps its end
    }
    if (state_ == State::Finished && units < map_.totalUnits()) {
        setState(State::Paused);
    }
    rearm(units);
    emit scriptChanged();
    emitPosition();
}

void PrompterController::load(const Script& script) {
    script_ = script;
    map_ = ReadingMap(script_);
    headingUnits_.clear();
    for (const ScriptSection& s : script_.sections) {
        headingUnits_.append(s.heading >= 0 && s.heading < map_.spans().size()
                                 ? map_.spans()[s.heading].start
                                 : -1.0);
    }
}

double PrompterController::unitsAt(double now) const {
    double u = anchorUnits_;
    if (state_ == State::Running || state_ == State::Countdown) {
        // A countdown that has run out scrolls from its end even before update() sees it.
        u += std::max(0.0, now - anchorMs_) * wpm_ / 60000.0;
    }
    return std::clamp(u, 0.0, map_.totalUnits());
}

double PrompterController::readingUnits() const {
    return unitsAt(now_());
}

double PrompterController::position() const {
    return map_.wordAt(readingUnits());
}

int PrompterController::countdownSecondsLeft() const {
    if (state_ != State::Countdown) {
        return 0;
    }
    const double left = anchorMs_ - now_();
    return left > 0 ? int(std::ceil(left / 1000.0)) : 0;
}

void PrompterController::setCountdownSeconds(int seconds) {
    countdownSeconds_ = std::clamp(seconds, 0, 10);
}

int PrompterController::sectionAtUnits(double units) const {
    int section = script_.sections.isEmpty() ? -1 : 0;
    for (int s = 1; s < script_.sections.size(); ++s) {
        if (sectionStartUnits(s) <= units + 1e-9) {
            section = s;
        }
    }
    return section;
}

int PrompterController::currentSection() const {
    return sectionAtUnits(readingUnits());
}

double PrompterController::sectionStartUnits(int section) const {
    if (section < 0 || section >= script_.sections.size()) {
        return 0;
    }
    const int block = script_.sections[section].firstBlock;
    return block >= 0 && block < map_.spans().size() ? map_.spans()[block].start : 0.0;
}

int PrompterController::sectionStartWord(int section) const {
    return section >= 0 && section < script_.sections.size() ? script_.sections[section].firstWord
                                                             : 0;
}

void PrompterController::setState(State s) {
    if (state_ == s) {
        return;
    }
    const bool wasRunning = state_ == State::Running;
    state_ = s;
    emit stateChanged(s);
    if (wasRunning != (s == State::Running)) {
        emit runningChanged(s == State::Running);
    }
}

void PrompterController::settle() {
    if (state_ == State::Countdown && now_() >= anchorMs_) {
        countdownShown_ = 0;
        emit countdownChanged(0);
        setState(State::Running); // anchored at the countdown's end, not at this tick
    }
}

void PrompterController::start(int countdownSeconds) {
    if (script_.isEmpty()) {
        return;
    }
    const double now = now_();
    anchorUnits_ = unitsAt(now);
    if (anchorUnits_ >= map_.totalUnits()) {
        anchorUnits_ = 0;
    }
    anchorMs_ = now + 1000.0 * std::max(0, countdownSeconds);
    rearm(anchorUnits_); // a heading right at the start is reported when reading begins
    if (countdownSeconds > 0) {
        setState(State::Countdown);
        countdownShown_ = countdownSeconds;
        emit countdownChanged(countdownSeconds);
    } else {
        setState(State::Running);
    }
    emitPosition();
    update();
}

void PrompterController::stop() {
    anchorUnits_ = readingUnits();
    anchorMs_ = now_();
    if (countdownShown_ != 0) {
        countdownShown_ = 0;
        emit countdownChanged(0);
    }
    setState(State::Idle);
}

void PrompterController::pause() {
    settle();
    if (state_ != State::Running && state_ != State::Countdown) {
        return;
    }
    anchorUnits_ = readingUnits();
    anchorMs_ = now_();
    if (countdownShown_ != 0) {
        countdownShown_ = 0;
        emit countdownChanged(0);
    }
    setState(State::Paused);
}

void PrompterController::resume() {
    if (state_ != State::Paused) {
        return;
    }
    anchorMs_ = now_();
    setState(State::Running);
    update();
}

void PrompterController::toggle() {
    settle();
    switch (state_) {
    case State::Idle:
    case State::Finished:
        start(countdownSeconds_);
        break;
    case State::Countdown:
    case State::Running:
        pause();
        break;
    case State::Paused:
        resume();
        break;
    }
}

void PrompterController::setWordsPerMinute(double wpm) {
    settle();
    wpm = std::clamp(wpm, minWordsPerMinute, maxWordsPerMinute);
    if (wpm == wpm_) {
        return;
    }
    // Re-anchor at the position under the old speed: the slope changes, the position does not.
    const double now = now_();
    if (state_ == State::Running) {
        anchorUnits_ = unitsAt(now);
        anchorMs_ = now;
    }
    wpm_ = wpm;
    emit speedChanged(wpm_);
}

void PrompterController::faster() {
    setWordsPerMinute(wpm_ + speedStep);
}

void PrompterController::slower() {
    setWordsPerMinute(wpm_ - speedStep);
}

void PrompterController::rearm(double units) {
    nextHeading_ = 0;
    while (nextHeading_ < headingUnits_.size() && headingUnits_[nextHeading_] < units - 1e-9) {
        ++nextHeading_;
    }
}

void PrompterController::reportCrossings(double units, bool onlyLast) {
    int last = -1;
    while (nextHeading_ < headingUnits_.size() && headingUnits_[nextHeading_] <= units + 1e-9) {
        if (headingUnits_[nextHeading_] >= 0) {
            if (!onlyLast) {
                emit headingCrossed(nextHeading_);
            }
            last = nextHeading_;
        }
        ++nextHeading_;
    }
    if (onlyLast && last >= 0) {
        emit headingCrossed(last);
    }
}

void PrompterController::moveTo(double units, bool reportForward) {
    settle();
    const double now = now_();
    const double from = unitsAt(now);
    units = std::clamp(units, 0.0, map_.totalUnits());
    anchorUnits_ = units;
    if (state_ != State::Countdown) {
        anchorMs_ = now; // a countdown keeps its end time
    }
    if (state_ == State::Finished && units < map_.totalUnits()) {
        setState(State::Idle);
    }
    if (units < from || state_ != State::Running || !reportForward) {
        rearm(units);
    } else {
        // A jump skips what lies between: only the section it lands in counts as read.
        reportCrossings(units, true);
    }
    emitPosition();
}

void PrompterController::nextSection() {
    const int s = currentSection();
    if (s + 1 < script_.sections.size()) {
        moveTo(sectionStartUnits(s + 1), true);
    }
}

void PrompterController::previousSection() {
    const double u = readingUnits();
    const int s = sectionAtUnits(u);
    if (s < 0) {
        moveTo(0, false);
        return;
    }
    const double start = sectionStartUnits(s);
    // Measured in words read, so a wordless cue at the section's top does not count.
    const bool intoIt = map_.wordAt(u) - map_.wordAt(start) > restartSectionWords;
    moveTo(intoIt || s == 0 ? start : sectionStartUnits(s - 1), false);
}

void PrompterController::jumpToWord(double word) {
    moveTo(map_.unitsOfWord(word), true);
}

void PrompterController::backToSentenceStart() {
    const double word = position();
    // The sentence that holds the word at the reading line (floor: word 12.4 is word 12).
    int w = int(std::floor(word + 1e-9));
    // Over a cue line or a heading's breath the reading line has not reached word w yet:
    // what is being read (and flubbed) is the sentence before it, not the one after.
    if (w > 0 && readingUnits() + 1e-9 < map_.unitsOfWord(w)) {
        --w;
    }
    moveTo(map_.unitsOfWord(script_.sentenceStart(w)), false);
}

void PrompterController::showWord(double word) {
    settle();
    const double units = std::clamp(map_.unitsOfWord(word), 0.0, map_.totalUnits());
    anchorUnits_ = units;
    anchorMs_ = now_();
    rearm(units);
    emitPosition();
}

void PrompterController::emitPosition() {
    const double p = position();
    if (p != lastEmitted_) {
        lastEmitted_ = p;
        emit positionChanged(p);
    }
}

void PrompterController::update() {
    if (state_ == State::Countdown) {
        const int left = countdownSecondsLeft();
        if (left > 0 && left != countdownShown_) {
            countdownShown_ = left;
            emit countdownChanged(left);
        }
        settle();
    }
    if (state_ != State::Running) {
        return;
    }
    const double u = readingUnits();
    reportCrossings(u, false);
    emitPosition();
    if (u >= map_.totalUnits()) {
        anchorUnits_ = map_.totalUnits();
        anchorMs_ = now_();
        setState(State::Finished);
        emit finished();
    }
}

} // namespace onair::app
