// Playback through a real JACK server (the dummy fixture): the PortAudio output is recorded by
// a test client and compared sample by sample with the offline Renderer. Seek, loop and a plan
// replaced while playing must land on exactly the right frames; a stalled prefetch costs
// counted underruns (silence), not lost frames or a hang; meters move.
#include "JackRecorder.h"
#include "PrivateJackServer.h"
#include "SignalFiles.h"
#include "audio/AudioSystem.h"
#include "audio/MeterReader.h"
#include "audio/PlaybackStream.h"
#include "audio/Renderer.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <cstring>
#include <memory>
#include <unordered_map>

// JACK's own xruns (a client too slow for its cycle, as under ThreadSanitizer) leave holes in a
// capture that no player could avoid: such a run proves nothing either way about exactness.
#define SKIP_IF_JACK_XRUNS(rig)                                                                    \
    do {                                                                                           \
        if ((rig).recorder.xruns() > 0) {                                                          \
            QSKIP("the JACK server had xruns (a slow build, e.g. TSan): the capture has holes "    \
                  "JACK made, so it cannot be compared sample by sample");                         \
        }                                                                                          \
    } while (false)

using namespace onair::audio;
using namespace onair::test;

namespace {

constexpr int rate = 48000;
constexpr std::int64_t rampFrames = 250000;

// Strictly increasing and never zero: every captured value names its source frame.
float rampSample(std::int64_t n, int) {
    return float(double(n + 1) / 262144.0);
}

RenderClip clip(const std::string& path, std::int64_t position, std::int64_t length,
                std::int64_t sourceStart = 0) {
    RenderClip c;
    c.sourcePath = path;
    c.position = position;
    c.length = length;
    c.sourceStart = sourceStart;
    return c;
}

EditPlan monoPlan(const std::string& ramp, std::int64_t length, std::int64_t sourceStart = 0) {
    EditPlan p;
    p.sampleRate = rate;
    RenderTrack t;
    t.clips.push_back(clip(ramp, 0, length, sourceStart));
    p.tracks.push_back(t);
    return p;
}

std::vector<float> renderOffline(const EditPlan& plan) {
    Renderer r(plan, 2);
    r.open();
    std::vector<float> out(std::size_t(plan.length() * 2));
    r.render(0, out.data(), plan.length());
    return out;
}

// A stretch of the capture that plays consecutive timeline frames of one plan.
struct Run {
    int plan = 0;
    std::int64_t start = 0, end = 0;
    std::size_t silenceBefore = 0; // zero frames between this run and the previous one
};

// Maps the capture back to timeline frames of the given plans (each frame's left sample is
// unique across them) and checks both channels of every frame against the offline render.
// Returns an error text or fills `runs`.
QString toRuns(const JackRecorder& rec, const std::vector<std::vector<float>>& expected,
               std::vector<Run>& runs) {
    std::unordered_map<float, std::pair<int, std::int64_t>> where;
    for (std::size_t p = 0; p < expected.size(); ++p) {
        for (std::size_t t = 0; t < expected[p].size() / 2; ++t) {
            where.emplace(expected[p][2 * t], std::pair{int(p), std::int64_t(t)});
        }
    }
    const std::size_t frames = rec.frames();
    std::size_t silence = 0;
    bool any = false;
    for (std::size_t i = 0; i < frames; ++i) {
        const float l = rec.channel(0)[i], r = rec.channel(1)[i];
        if (l == 0.0f && r == 0.0f) {
            ++silence;
            continue;
        }
        const auto it = where.find(l);
        if (it == where.end()) {
            return QStringLiteral("captured frame %1 (%2, %3) is no frame of the plan")
                .arg(i)
                .arg(double(l), 0, 'g', 9)
                .arg(double(r), 0, 'g', 9);
        }
        const auto [plan, t] = it->second;
        const float wantR = expected[std::size_t(plan)][std::size_t(2 * t + 1)];
        if (r != wantR) {
            return QStringLiteral("captured frame %1: right %2, expected %3 (plan %4 frame %5)")
                .arg(i)
                .arg(double(r), 0, 'g', 9)
                .arg(double(wantR), 0, 'g', 9)
                .arg(plan)
                .arg(t);
        }
        if (!any || silence > 0 || runs.back().plan != plan || runs.back().end != t) {
            runs.push_back({plan, t, t + 1, any ? silence : 0});
        } else {
            runs.back().end = t + 1;
        }
        any = true;
        silence = 0;
    }
    return {};
}

QString describe(const std::vector<Run>& runs) {
    QString s;
    for (const Run& r : runs) {
        s += QStringLiteral("[plan %1: %2..%3 after %4 silent] ")
                 .arg(r.plan)
                 .arg(r.start)
                 .arg(r.end)
                 .arg(r.silenceBefore);
    }
    return s;
}

// The JACK server, PortAudio's output on it, the engine and the recorder listening.
struct Rig {
    AudioSystem system;
    std::shared_ptr<PlaybackEngine> engine;
    std::unique_ptr<PlaybackStream> stream;
    std::unique_ptr<MeterReader> meters;
    JackRecorder recorder{2, std::size_t(rate) * 30};

    // The output's left-channel peak since the previous call, as the GUI reads it.
    float peak() { return meters->read(engine->meterWindows())[0].peak; }

    // Waits until the JACK graph has run `frames` more frames through the listening client: audio
    // time, not wall time, so a slow build waits as long as it needs. False after 10 s.
    bool heard(std::size_t frames) {
        const std::size_t until = recorder.frames() + frames;
        QElapsedTimer t;
        t.start();
        while (recorder.frames() < std::min(until, recorder.capacity()) && t.elapsed() < 10000) {
            QTest::qWait(5);
        }
        return recorder.frames() >= std::min(until, recorder.capacity());
    }

    static int jackOutput(const AudioSystem& system) {
        for (const auto& d : system.devices()) {
            if (d.hostApiName.find("JACK") != std::string::npos && d.maxOutputChannels >= 2) {
                return d.index;
            }
        }
        return -1;
    }

    QString open(double ringSeconds = 2.0) {
        if (!system.isReady()) {
            return QString::fromStdString(system.errorText());
        }
        const int device = jackOutput(system);
        if (device < 0) {
            return QStringLiteral("no JACK output device: is the fixture running?");
        }
        engine = std::make_shared<PlaybackEngine>(2, rate, ringSeconds);
        meters = std::make_unique<MeterReader>(2, rate);
        stream = std::make_unique<PlaybackStream>(system);
        PlaybackRequest request;
        request.device = device;
        std::string error = stream->open(request, engine);
        if (error.empty()) {
            error = recorder.open();
        }
        if (error.empty()) {
            error = stream->start();
        }
        return QString::fromStdString(error);
    }

    ~Rig() {
        if (stream) {
            stream->stop();
        }
        recorder.close();
    }
};

} // namespace

class TestPlaybackJack : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    std::string ramp_, stereo_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        ramp_ = dir_.filePath("ramp.wav").toStdString();
        stereo_ = dir_.filePath("stereo.wav").toStdString();
        QCOMPARE(writeFloatWav(ramp_, makeSignal(rampFrames, 1, rampSample), 1, rate), "");
        QCOMPARE(writeFloatWav(stereo_,
                               makeSignal(rampFrames, 2,
                                          [](std::int64_t n, int c) {
                                              return c == 0 ? 0.25f : -float(n % 1000) / 4000.0f;
                                          }),
                               2, rate),
                 "");
    }

    void playsExactlyWhatTheRendererRenders() {
        Rig rig;
        QCOMPARE(rig.open(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(rig.recorder.listenTo("PortAudio"), 2, 5000);

        EditPlan plan = monoPlan(ramp_, 48000);
        RenderTrack second;
        second.gainDb = -6.0f;
        second.pan = 0.3f;
        second.clips.push_back(clip(stereo_, 12000, 24000, 777));
        second.clips.back().fadeIn = 5000;
        plan.tracks.push_back(second);
        const std::vector<float> expected = renderOffline(plan);
        QCOMPARE(QString::fromStdString(rig.engine->setPlan(plan)), QString());

        rig.engine->play(0);
        float loudest = 0.0f;
        QTRY_VERIFY_WITH_TIMEOUT((loudest = std::max(loudest, rig.peak()), rig.engine->finished()),
                                 5000);
        QVERIFY(!rig.engine->playing());
        QCOMPARE(rig.engine->position(), plan.length());
        QVERIFY2(loudest > 0.1f, qPrintable(QString::number(double(loudest))));
        QVERIFY(rig.heard(9600)); // the tail through JACK
        QCOMPARE(rig.engine->underruns(), std::uint64_t(0));

        SKIP_IF_JACK_XRUNS(rig);
        const std::size_t frames = rig.recorder.frames();
        std::size_t start = 0;
        while (start < frames && rig.recorder.channel(0)[start] == 0.0f) {
            ++start;
        }
        QVERIFY2(start + std::size_t(plan.length()) <= frames, "the capture is too short");
        std::vector<float> captured;
        for (std::size_t i = start; i < frames; ++i) {
            captured.push_back(rig.recorder.channel(0)[i]);
            captured.push_back(rig.recorder.channel(1)[i]);
        }
        std::vector<float> want = expected;
        want.resize(captured.size(), 0.0f); // then silence: playback finished
        const QString diff = compareSignals(captured, want, 2, "playback-jack", 0.0);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QTRY_COMPARE(rig.peak(), 0.0f);
    }

    void seekLandsOnTheRequestedFrame() {
        Rig rig;
        QCOMPARE(rig.open(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(rig.recorder.listenTo("PortAudio"), 2, 5000);
        const EditPlan plan = monoPlan(ramp_, 150000);
        QCOMPARE(QString::fromStdString(rig.engine->setPlan(plan)), QString());
        rig.engine->play(0);
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->position() > 9600, 3000);
        rig.engine->seek(60000);
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->position() > 70000, 3000);
        rig.engine->stop();
        QTRY_VERIFY(rig.engine->settled());
        const std::int64_t stoppedAt = rig.engine->position();
        QVERIFY(rig.heard(9600));
        QCOMPARE(rig.engine->position(), stoppedAt);

        std::vector<Run> runs;
        SKIP_IF_JACK_XRUNS(rig);
        const QString error = toRuns(rig.recorder, {renderOffline(plan)}, runs);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(runs.size() == 2, qPrintable(describe(runs)));
        QCOMPARE(runs[0].start, std::int64_t(0));
        QVERIFY(runs[0].end > 9600 && runs[0].end < 60000);
        QCOMPARE(runs[1].start, std::int64_t(60000));
        QCOMPARE(runs[1].end, stoppedAt);
        QCOMPARE(rig.engine->underruns(), std::uint64_t(0));
    }

    void loopWrapsSampleExactlyUntilCleared() {
        Rig rig;
        QCOMPARE(rig.open(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(rig.recorder.listenTo("PortAudio"), 2, 5000);
        const EditPlan plan = monoPlan(ramp_, 30000);
        QCOMPARE(QString::fromStdString(rig.engine->setPlan(plan)), QString());
        rig.engine->setLoop(10000, 14000);
        rig.engine->play(5000);
        QVERIFY(rig.heard(48000)); // about eleven times round
        QVERIFY(rig.engine->playing());
        rig.engine->clearLoop();
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->finished(), 3000);
        QVERIFY(rig.heard(4800)); // the tail through JACK

        std::vector<Run> runs;
        SKIP_IF_JACK_XRUNS(rig);
        const QString error = toRuns(rig.recorder, {renderOffline(plan)}, runs);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString all = describe(runs);
        QVERIFY2(runs.size() >= 8, qPrintable(all));
        QCOMPARE(runs.front().start, std::int64_t(5000));
        QCOMPARE(runs.front().end, std::int64_t(14000));
        for (std::size_t i = 1; i < runs.size(); ++i) {
            QVERIFY2(runs[i].start == 10000 && runs[i].silenceBefore == 0, qPrintable(all));
            QVERIFY2(runs[i].end == (i + 1 == runs.size() ? 30000 : 14000), qPrintable(all));
        }
        QCOMPARE(rig.engine->underruns(), std::uint64_t(0));
    }

    void replacingThePlanWhilePlayingIsSeamless() {
        Rig rig;
        QCOMPARE(rig.open(), QString());
        QTRY_COMPARE_WITH_TIMEOUT(rig.recorder.listenTo("PortAudio"), 2, 5000);
        // The same timeline, the second plan reading the source 100000 frames later: every
        // captured frame says which plan made it.
        const EditPlan a = monoPlan(ramp_, 96000);
        const EditPlan b = monoPlan(ramp_, 96000, 100000);
        QCOMPARE(QString::fromStdString(rig.engine->setPlan(a)), QString());
        rig.engine->play(0);
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->position() > 20000, 3000);
        const std::int64_t before = rig.engine->position();
        QCOMPARE(QString::fromStdString(rig.engine->setPlan(b)), QString());
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->finished(), 4000);
        QVERIFY(rig.heard(4800)); // the tail through JACK

        std::vector<Run> runs;
        SKIP_IF_JACK_XRUNS(rig);
        const QString error = toRuns(rig.recorder, {renderOffline(a), renderOffline(b)}, runs);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString all = describe(runs);
        QVERIFY2(runs.size() == 2, qPrintable(all));
        QVERIFY2(runs[0].plan == 0 && runs[0].start == 0, qPrintable(all));
        // Heard within ~0.1 s plus a buffer, continuing on the very next frame, no silence.
        QVERIFY2(runs[1].plan == 1 && runs[1].start == runs[0].end && runs[1].silenceBefore == 0,
                 qPrintable(all));
        // The switch comes 0.1 s (4800 frames) after the frame playing then; half a second
        // more is slack for a loaded machine.
        QVERIFY2(runs[0].end >= before + 4800 && runs[0].end < before + 4800 + rate / 2,
                 qPrintable(all));
        QCOMPARE(runs[1].end, std::int64_t(96000));
        QCOMPARE(rig.engine->underruns(), std::uint64_t(0));
    }

    void stalledPrefetchCostsUnderrunsNotFrames() {
        Rig rig;
        QCOMPARE(rig.open(0.2), QString()); // a small ring empties quickly
        QTRY_COMPARE_WITH_TIMEOUT(rig.recorder.listenTo("PortAudio"), 2, 5000);
        const EditPlan plan = monoPlan(ramp_, 200000);
        QCOMPARE(QString::fromStdString(rig.engine->setPlan(plan)), QString());
        rig.engine->play(0);
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->position() > 12000, 3000);
        // QTRY evaluates once more after success: keep the highest peak seen across reads.
        float heard = 0.0f;
        QTRY_VERIFY((heard = std::max(heard, rig.peak())) > 0.0f);
        rig.engine->setPrefetchStalled(true);
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->underruns() > 10, 3000);
        const std::int64_t stalledAt = rig.engine->position();
        QTRY_COMPARE(rig.peak(), 0.0f); // silence is metered as silence
        QCOMPARE(rig.engine->position(), stalledAt);
        rig.engine->setPrefetchStalled(false);
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->position() > stalledAt + 12000, 3000);

        // Pause holds the position and meters silence; resume goes on from the same frame.
        rig.engine->pause();
        QTRY_VERIFY(rig.engine->settled());
        const std::int64_t pausedAt = rig.engine->position();
        QVERIFY(rig.heard(256)); // a callback after the pause has been metered
        rig.peak();              // what played before the pause
        QVERIFY(rig.heard(4800));
        QCOMPARE(rig.engine->position(), pausedAt);
        QCOMPARE(rig.peak(), 0.0f);
        rig.engine->resume();
        QTRY_VERIFY_WITH_TIMEOUT(rig.engine->position() > pausedAt + 12000, 3000);
        rig.engine->stop();
        QTRY_VERIFY(rig.engine->settled());
        const std::uint64_t underruns = rig.engine->underruns();
        QVERIFY(rig.heard(4800));
        QCOMPARE(rig.engine->underruns(), underruns); // stopped is not starving

        std::vector<Run> runs;
        SKIP_IF_JACK_XRUNS(rig);
        const QString error = toRuns(rig.recorder, {renderOffline(plan)}, runs);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString all = describe(runs);
        // Three stretches (before the stall, before the pause, after it) that join without a
        // frame lost or repeated; silence between them.
        QVERIFY2(runs.size() == 3, qPrintable(all));
        QVERIFY2(runs[0].start == 0 && runs[1].start == runs[0].end && runs[2].start == runs[1].end,
                 qPrintable(all));
        QVERIFY2(runs[1].silenceBefore >= rig.engine->underrunFrames() / 2, qPrintable(all));
    }

    void impossibleOutputsAreExplained() {
        AudioSystem system;
        QVERIFY(system.isReady());
        const int device = Rig::jackOutput(system);
        QVERIFY(device >= 0);
        {
            auto engine = std::make_shared<PlaybackEngine>(2, 44100); // the server runs at 48 kHz
            PlaybackStream stream(system);
            const std::string error = stream.open({device, 256}, engine);
            QVERIFY2(error.find("44100") != std::string::npos, error.c_str());
        }
        {
            auto engine = std::make_shared<PlaybackEngine>(2, rate);
            PlaybackStream stream(system);
            const std::string error = stream.open({9999, 256}, engine);
            QVERIFY2(error.find("no output device") != std::string::npos, error.c_str());
            EditPlan wrongRate = monoPlan(ramp_, 1000);
            wrongRate.sampleRate = 44100;
            const std::string planError = engine->setPlan(wrongRate);
            QVERIFY2(planError.find("44100") != std::string::npos, planError.c_str());
        }
    }

    // Last: it leaves PortAudio attached to a dead server, as the app would until it restarts.
    void aDeadServerIsDetectedAndTheStreamAbandoned() {
        QTemporaryDir dir;
        PrivateJackServer server(dir.filePath("jack"));
        qputenv("JACK_DEFAULT_SERVER", server.name().toUtf8());
        QVERIFY(server.start());
        AudioSystem system;
        QVERIFY(system.isReady());
        const int device = Rig::jackOutput(system);
        QVERIFY(device >= 0);
        auto engine = std::make_shared<PlaybackEngine>(2, rate);
        QCOMPARE(QString::fromStdString(engine->setPlan(monoPlan(ramp_, 200000))), QString());
        PlaybackStream stream(system);
        QCOMPARE(QString::fromStdString(stream.open({device, 256}, engine)), QString());
        QCOMPARE(QString::fromStdString(stream.start()), QString());
        engine->play(0);
        QTRY_VERIFY_WITH_TIMEOUT(engine->position() > 4800, 3000);
        QVERIFY(!stream.checkLost(std::chrono::milliseconds(150)));

        QVERIFY(::kill(pid_t(server.pid()), SIGKILL) == 0);
        QElapsedTimer sinceKill;
        sinceKill.start();
        QTRY_VERIFY_WITH_TIMEOUT(stream.checkLost(std::chrono::milliseconds(150)), 2000);
        qInfo("playback loss seen %lld ms after the server died",
              static_cast<long long>(sinceKill.elapsed()));
        QElapsedTimer stopping;
        stopping.start();
        stream.stop(); // abandons: Pa_StopStream would wait for the dead server
        QVERIFY(stopping.elapsed() < 500);
        QVERIFY(system.hasAbandonedStream());
        // B3: PortAudio may still call back into the abandoned stream's engine, so dropping
        // every owner of ours must leave it alive: the AudioSystem keeps it.
        const std::weak_ptr<PlaybackEngine> watch = engine;
        engine.reset();
        QVERIFY(!watch.expired());
        QCOMPARE(system.keptAliveCount(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestPlaybackJack)
#include "tst_playback_jack.moc"
