#pragma once

#include "app/ReadingMap.h"
#include "app/Script.h"

#include <QList>
#include <QObject>
#include <functional>

namespace onair::app {

// The teleprompter's clock: where in the script the reading line is. The position is a
// fractional word index (the word at the reading line) and a pure function of the clock: while
// running, units(t) = u0 + (t - t0) * wpm / 60, re-anchored (u0, t0) at every speed change,
// pause, resume or jump, so a speed change changes the slope, never the position, and frame
// timing cannot make it jitter. (Units are words plus a nominal weight for wordless blocks, see
// ReadingMap; position() converts them to a word index.)
//
// update() is called on every frame tick: it advances the countdown, reports headings the
// reading line crossed (the recorder turns them into chapters) and the end of the script.
class PrompterController : public QObject {
    Q_OBJECT
public:
    // Milliseconds, monotonic, fractional: a whole-millisecond clock would make the frame-to-frame
    // step wobble by up to 1/16 at 60 fps.
    using Clock = std::function<double()>;
    enum class State { Idle, Countdown, Running, Paused, Finished };
    Q_ENUM(State)

    static constexpr double defaultWordsPerMinute = 150;
    static constexpr double minWordsPerMinute = 40;
    static constexpr double maxWordsPerMinute = 400;
    static constexpr double speedStep = 10;
    // previousSection() goes to the start of the current section when the reading line is more
    // than this many words into it, else to the section before (as a CD player's "previous").
    static constexpr double restartSectionWords = 2.0;

    explicit PrompterController(QObject* parent = nullptr); // a QElapsedTimer clock
    explicit PrompterController(Clock nowMs, QObject* parent = nullptr);

    // A new script stops the prompter and puts the reading line at its start.
    void setScript(const Script& script); // back to the top, idle
    // The same script edited: keeps the word at the reading line, the state and the speed, so
    // fixing a typo mid-take does not stop the host. Headings before the reading line are not
    // reported again.
    void replaceScript(const Script& script);
    const Script& script() const { return script_; }
    const ReadingMap& readingMap() const { return map_; }

    double position() const;     // word index at the reading line, from the clock
    double readingUnits() const; // the same in reading units (what the view scrolls by)
    int currentSection() const;  // index into script().sections, -1 when there are none
    int sectionStartWord(int section) const;
    double wordsPerMinute() const { return wpm_; }
    State state() const { return state_; }
    bool isRunning() const { return state_ == State::Running; }
    int countdownSecondsLeft() const; // 0 unless counting down
    // Seconds that toggle() counts down when it starts the prompter (0: no countdown).
    int countdownSeconds() const { return countdownSeconds_; }
    void setCountdownSeconds(int seconds);

public slots:
    // Counts down, then scrolls from the current position (from the top when at the end).
    void start(int countdownSeconds = 3);
    void stop(); // back to idle, the position kept
    void pause();
    void resume();
    void toggle(); // start (with countdownSeconds()), pause or resume: the P key
    void setWordsPerMinute(double wpm);
    void faster();
    void slower();
    void nextSection();
    void previousSection();
    void jumpToWord(double word);
    // The flub action: back to the first word of the sentence at the reading line.
    void backToSentenceStart();
    // Follows the playhead during playback: moves the reading line, reports no heading.
    void showWord(double word);
    // The frame tick: advances the countdown, emits positionChanged, headingCrossed, finished.
    void update();

signals:
    void scriptChanged();
    void positionChanged(double word);
    // The reading line moved forward onto or past section `section`'s heading while running
    // (by scrolling or by a forward jump). After moving back before a heading, reading across
    // it again reports it again.
    void headingCrossed(int section);
    void countdownChanged(int secondsLeft); // 3, 2, 1, then 0 when running starts or is cancelled
    void runningChanged(bool running);
    void speedChanged(double wordsPerMinute);
    void stateChanged(onair::app::PrompterController::State state);
    void finished();

private:
    void load(const Script& script);
    double unitsAt(double now) const;
    void settle(); // takes a countdown that ended into Running, anchored at its end
    void setState(State s);
    void moveTo(double units, bool reportForward);
    void rearm(double units);
    void reportCrossings(double units, bool onlyLast);
    void emitPosition();
    double sectionStartUnits(int section) const;
    int sectionAtUnits(double units) const;

    Clock now_;
    Script script_;
    ReadingMap map_;
    QList<double> headingUnits_; // per section: units of its heading, -1 for an untitled opening
    State state_ = State::Idle;
    double wpm_ = defaultWordsPerMinute;
    double anchorUnits_ = 0; // u0
    double anchorMs_ = 0;    // t0 (Running), or when the countdown ends (Countdown)
    int countdownSeconds_ = 3;
    int countdownShown_ = 0;
    int nextHeading_ = 0; // first section whose heading is not reported yet
    double lastEmitted_ = -1;
};

} // namespace onair::app
