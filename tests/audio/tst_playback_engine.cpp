// PlaybackEngine without a device: a thread plays the part of the output callback, calling
// process() back to back, while the test thread gives transport commands. The callback is the
// only writer of the playback state, so what the app thread reads after a command is what it
// asked for until the callback reports the outcome (B4: a seek used to be overwritten for a
// tick by the callback's stale position). Also run under TSan (label stress).
#include "SignalFiles.h"
#include "audio/PlaybackEngine.h"

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

using namespace onair::audio;
using namespace onair::test;

namespace {

constexpr int rate = 48000;

// The output callback's stand-in: 64-frame blocks as fast as the engine serves them.
// It keeps the left channel of up to `keepFrames` frames it played.
class FakeOutput {
public:
    explicit FakeOutput(PlaybackEngine& engine, std::size_t keepFrames = 0)
        : heard_(keepFrames)
        , thread_([this, &engine] {
            std::vector<float> out(64 * 2);
            while (!quit_.load()) {
                engine.process(out.data(), 64);
                const std::size_t at = frames_.load();
                for (std::size_t i = 0; i < 64 && at + i < heard_.size(); ++i) {
                    heard_[at + i] = out[2 * i];
                }
                frames_.store(std::min(at + 64, heard_.size()));
                std::this_thread::sleep_for(std::chrono::microseconds(300));
            }
        }) {}
    ~FakeOutput() { stop(); }
    void stop() {
        quit_ = true;
        if (thread_.joinable()) {
            thread_.join();
        }
    }
    // After stop(): what it played.
    std::vector<float> heard() const { return {heard_.begin(), heard_.begin() + frames_.load()}; }

private:
    std::vector<float> heard_;
    std::atomic<std::size_t> frames_{0};
    std::atomic<bool> quit_{false};
    std::thread thread_;
};

} // namespace

class TestPlaybackEngine : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string source_;

    EditPlan plan(std::int64_t length) const {
        EditPlan p;
        p.sampleRate = rate;
        RenderTrack t;
        RenderClip c;
        c.sourcePath = source_;
        c.length = length;
        t.clips.push_back(c);
        p.tracks.push_back(t);
        return p;
    }

private slots:
    void initTestCase() {
        // Sample n says n mod 997 (a prime, so no replay or skip can line up with it by chance).
        source_ = dir_.filePath("counter.wav").toStdString();
        const auto sample = [](std::int64_t n, int) { return float((n % 997) + 1) / 2048.0f; };
        QCOMPARE(writeFloatWav(source_, makeSignal(20 * rate, 1, sample), 1, rate), "");
    }

    // A soft cut the callback has already played past when it arrives (a prefetch held up
    // longer than its 0.1 s margin): the new generation starts at the cut, and the callback
    // skips what it already played of it, so nothing is heard twice and nothing skipped.
    void aLateSoftCutRepeatsNothing() {
        auto engine = std::make_shared<PlaybackEngine>(2, rate, 0.5);
        QCOMPARE(QString::fromStdString(engine->setPlan(plan(20 * rate))), QString());
        engine->setBeforeSoftCutHook(
            [] { std::this_thread::sleep_for(std::chrono::milliseconds(150)); });
        FakeOutput output(*engine, std::size_t(20 * rate));
        engine->play(0);
        QTRY_VERIFY(engine->position() > rate / 2);
        for (int edit = 0; edit < 3; ++edit) {
            const std::int64_t before = engine->position();
            QCOMPARE(QString::fromStdString(engine->setPlan(plan(20 * rate))), QString());
            QTRY_VERIFY(engine->position() > before + rate);
        }
        output.stop();
        const std::vector<float> heard = output.heard();
        int previous = -1;
        std::size_t checked = 0;
        for (std::size_t i = 0; i < heard.size(); ++i) {
            if (heard[i] == 0.0f) {
                continue; // an underrun: silence, then playback goes on where it was
            }
            // Mono to stereo is centre-panned at -3 dB per side.
            const int index = int(std::lround(heard[i] / 0.70710678 * 2048.0)) - 1;
            if (previous >= 0) {
                QVERIFY2(index == (previous + 1) % 997,
                         qPrintable(QStringLiteral("frame %1 plays source frame %2 (mod 997) "
                                                   "after %3")
                                        .arg(i)
                                        .arg(index)
                                        .arg(previous)));
            }
            previous = index;
            ++checked;
        }
        QVERIFY(checked > std::size_t(3 * rate));
    }

    // After every seek the position reads the target (or a little after it, once the callback
    // plays on from there), never a frame of the place playback came from.
    void aSeekIsNeverUndoneByAStalePosition() {
        auto engine = std::make_shared<PlaybackEngine>(2, rate, 0.5);
        QCOMPARE(QString::fromStdString(engine->setPlan(plan(20 * rate))), QString());
        FakeOutput output(*engine);
        engine->play(0);
        QTRY_VERIFY(engine->position() > 1000);
        for (int i = 0; i < 1500; ++i) {
            const std::int64_t target = (i % 2) ? 3 * rate : rate / 2;
            engine->seek(target);
            for (int k = 0; k < 20; ++k) {
                const std::int64_t p = engine->position();
                QVERIFY2(p >= target && p < target + rate / 2,
                         qPrintable(QStringLiteral("seek %1 to %2: position read %3")
                                        .arg(i)
                                        .arg(target)
                                        .arg(p)));
            }
            QVERIFY(engine->playing());
        }
    }

    // play(), pause() and stop() read back at once as given, then as the callback reports them;
    // the end of the plan stops playback and says so, and a new play() clears it.
    void transportReadsBackWhatWasAsked() {
        auto engine = std::make_shared<PlaybackEngine>(2, rate, 0.5);
        QCOMPARE(QString::fromStdString(engine->setPlan(plan(rate / 4))), QString());
        FakeOutput output(*engine);
        engine->play(0);
        QVERIFY(engine->playing());
        QVERIFY(!engine->finished());
        QTRY_VERIFY(engine->finished());
        QVERIFY(!engine->playing());
        QCOMPARE(engine->position(), std::int64_t(rate / 4));
        engine->play(100);
        QVERIFY(!engine->finished());
        QVERIFY(engine->playing());
        engine->pause();
        QVERIFY(!engine->playing());
        QTRY_VERIFY(engine->settled());
        const std::int64_t held = engine->position();
        const std::uint64_t callbacks = engine->callbacks();
        QTRY_VERIFY(engine->callbacks() > callbacks + 50); // paused callbacks, not wall time
        QCOMPARE(engine->position(), held);
        engine->resume();
        QVERIFY(engine->playing());
        QTRY_VERIFY(engine->finished());
        engine->stop();
        QVERIFY(!engine->playing());
    }
};

QTEST_GUILESS_MAIN(TestPlaybackEngine)
#include "tst_playback_engine.moc"
