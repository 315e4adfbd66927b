// Callback -> ring -> writer -> files, driven by the fake device: every sample lands where it
// belongs, a stalled disk within the ring's length loses nothing, a longer stall becomes
// silence of the right length at the right place in every file.
#include "FakeInputDevice.h"
#include "SoundFileReader.h"
#include "TestSignal.h"
#include "audio/CaptureProcessor.h"
#include "audio/MeterReader.h"
#include "audio/TakeWriter.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <cmath>
#include <sndfile.h>
#include <thread>

using namespace onair::audio;
using namespace onair::test;

namespace {

constexpr int rate = 48000;

std::vector<TrackInput> fourTracks() {
    // Host mono on 0, guest stereo on 1-2, a second guest mono on 5: a sparse map.
    return {{"Host", 0, 1}, {"Guest", 1, 2}, {"Caller", 5, 1}};
}

std::vector<std::string> pathsIn(const QTemporaryDir& dir, std::size_t n, const char* ext) {
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < n; ++i) {
        paths.push_back(dir.filePath(QStringLiteral("track%1.%2").arg(i).arg(ext)).toStdString());
    }
    return paths;
}

// Every file holds the counter of its device channels at every frame, except inside gaps,
// which hold silence. Returns an empty string or what is wrong.
QString checkFiles(const std::vector<std::string>& paths, const std::vector<TrackInput>& tracks,
                   std::uint64_t expectedFrames, const std::vector<CaptureGap>& gaps) {
    std::vector<bool> silent(expectedFrames, false);
    for (const auto& g : gaps) {
        for (std::uint64_t i = g.startFrame; i < g.startFrame + g.frames && i < expectedFrames;
             ++i) {
            silent[i] = true;
        }
    }
    for (std::size_t t = 0; t < tracks.size(); ++t) {
        const Pcm24 file = readPcm24(paths[t]);
        if (!file.ok) {
            return QStringLiteral("cannot read %1").arg(QString::fromStdString(paths[t]));
        }
        if (file.frames() != std::int64_t(expectedFrames)) {
            return QStringLiteral("track %1 has %2 frames, expected %3")
                .arg(t)
                .arg(file.frames())
                .arg(expectedFrames);
        }
        for (int c = 0; c < tracks[t].channelCount; ++c) {
            const int device = tracks[t].firstChannel + c;
            for (std::uint64_t i = 0; i < expectedFrames; ++i) {
                const std::int32_t want = silent[i] ? 0 : std::int32_t(counterValue(i, device));
                const std::int32_t got = file.samples[std::size_t(c)][i];
                if (got != want) {
                    return QStringLiteral("track %1 channel %2 frame %3: %4, expected %5")
                        .arg(t)
                        .arg(c)
                        .arg(i)
                        .arg(got)
                        .arg(want);
                }
            }
        }
    }
    return {};
}

// Processor, writer and fake device wired together on files in a temporary folder.
struct Rig {
    QTemporaryDir dir;
    std::vector<TrackInput> tracks;
    CaptureProcessor processor;
    std::vector<std::string> paths;
    TakeWriter writer;
    FakeInputDevice device{8, 256};

    Rig(std::vector<TrackInput> t, std::size_t ringFrames, TakeFormat format = TakeFormat::Pcm24)
        : tracks(std::move(t))
        , processor(tracks, ringFrames)
        , paths(pathsIn(dir, tracks.size(), format == TakeFormat::Flac ? "flac" : "wav"))
        , writer(processor, paths, format, rate) {}

    QString start() {
        const std::string error = writer.open();
        if (error.empty()) {
            writer.start();
        }
        return QString::fromStdString(error);
    }
    void finish() {
        processor.finish();
        writer.finish();
    }
    QString check(const std::vector<CaptureGap>& gaps = {}) {
        return checkFiles(paths, tracks, device.frame(), gaps);
    }
};

} // namespace

class TestCapturePipeline : public QObject {
    Q_OBJECT
private slots:
    void everySampleLandsInItsTrack_data() {
        QTest::addColumn<int>("format");
        QTest::newRow("wav 24-bit") << int(TakeFormat::Pcm24);
        QTest::newRow("flac") << int(TakeFormat::Flac);
    }

    void everySampleLandsInItsTrack() {
        QFETCH(int, format);
        Rig rig(fourTracks(), rate * 10, TakeFormat(format));
        QCOMPARE(rig.start(), QString());
        rig.device.run(rig.processor, 3 * rate / 256); // three seconds
        rig.finish();
        QVERIFY2(!rig.writer.failed(), rig.writer.errorText().c_str());
        QCOMPARE(rig.processor.droppedFrames(), std::uint64_t(0));
        QCOMPARE(rig.writer.framesWritten(), rig.device.frame());
        const QString problem = rig.check();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const auto& paths = rig.paths;
        const Pcm24 host = readPcm24(paths[0]);
        QCOMPARE(host.sampleRate, rate);
        QCOMPARE(host.channels, 1);
        QCOMPARE(readPcm24(paths[1]).channels, 2);
        if (format == int(TakeFormat::Pcm24)) {
            // Under 4 GiB the RF64 file is downgraded to a plain WAV every reader knows.
            const int type = host.format & SF_FORMAT_TYPEMASK;
            QVERIFY2(type == SF_FORMAT_WAV || type == SF_FORMAT_WAVEX,
                     qPrintable(QString::number(type, 16)));
            QCOMPARE(host.format & SF_FORMAT_SUBMASK, int(SF_FORMAT_PCM_24));
        }
    }

    void floatFilesKeepTheExactSamples() {
        QTemporaryDir dir;
        const std::vector<TrackInput> tracks{{"Host", 0, 1}};
        CaptureProcessor processor(tracks, rate);
        const auto paths = pathsIn(dir, 1, "wav");
        TakeWriter writer(processor, paths, TakeFormat::Float32, rate);
        QCOMPARE(QString::fromStdString(writer.open()), QString());
        writer.start();
        FakeInputDevice device(1, 128);
        device.run(processor, 100);
        processor.finish();
        writer.finish();
        SF_INFO info{};
        SNDFILE* f = sf_open(paths[0].c_str(), SFM_READ, &info);
        QVERIFY(f);
        QCOMPARE(info.format & SF_FORMAT_SUBMASK, int(SF_FORMAT_FLOAT));
        std::vector<float> samples(std::size_t(info.frames));
        QCOMPARE(sf_readf_float(f, samples.data(), info.frames), info.frames);
        sf_close(f);
        for (std::size_t i = 0; i < samples.size(); ++i) {
            QCOMPARE(samples[i], counterSample(i, 0));
        }
    }

    // The disk stops answering for 3 s; the 10 s ring holds it all.
    void stallShorterThanTheRingLosesNothing() {
        Rig rig(fourTracks(), rate * 10);
        QCOMPARE(rig.start(), QString());
        auto [processor, writer, device] = std::tie(rig.processor, rig.writer, rig.device);
        device.run(processor, rate / 256);
        writer.setStalled(true);
        QTRY_VERIFY(writer.stallAcknowledged());
        const std::uint64_t before = writer.framesWritten();
        device.run(processor, 3 * rate / 256);
        QCOMPARE(writer.framesWritten(), before); // really stalled
        writer.setStalled(false);
        device.run(processor, rate / 256);
        rig.finish();
        QCOMPARE(processor.droppedFrames(), std::uint64_t(0));
        QVERIFY(writer.gapsWritten().empty());
        const QString problem = rig.check();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // A 12 s stall against a 10 s ring: about 2 s are lost, counted, and written as silence at
    // the exact frames they covered, in every track, and the files stay the same length.
    void stallLongerThanTheRingBecomesSilenceInPlace() {
        Rig rig(fourTracks(), rate * 10);
        QCOMPARE(rig.start(), QString());
        auto [processor, writer, device] = std::tie(rig.processor, rig.writer, rig.device);
        const std::uint64_t ring = processor.ring().capacityFrames();
        device.run(processor, rate / 256);
        QTRY_COMPARE_WITH_TIMEOUT(writer.framesWritten(), device.frame(), 10000);
        writer.setStalled(true);
        QTRY_VERIFY(writer.stallAcknowledged());
        const std::uint64_t drainedBefore = writer.framesWritten();
        QCOMPARE(drainedBefore, device.frame()); // the writer had caught up before the stall
        const std::uint64_t stallFrames = 12 * rate / 256 * 256;
        device.run(processor, stallFrames / 256);
        writer.setStalled(false);
        // Let the writer empty the ring before the device goes on, so exactly one gap forms.
        QTRY_COMPARE_WITH_TIMEOUT(writer.framesWritten(), drainedBefore + ring, 20000);
        device.run(processor, rate / 256);
        rig.finish();

        // The ring took `ring` frames from the stall on; everything after that was dropped.
        QCOMPARE(processor.droppedFrames(), stallFrames - ring);
        const auto gaps = writer.gapsWritten();
        QCOMPARE(gaps.size(), std::size_t(1));
        QCOMPARE(gaps[0].startFrame, drainedBefore + ring);
        QCOMPARE(gaps[0].frames, stallFrames - ring);
        QCOMPARE(writer.framesWritten(), device.frame());
        const QString problem = rig.check(gaps);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void metersFollowTheSignal() {
        const std::vector<TrackInput> tracks{{"Loud", 0, 1}, {"Quiet", 1, 1}};
        CaptureProcessor processor(tracks, 4096, 256);
        std::vector<float> loud(256, 0.0f);
        std::vector<float> quiet(256, 0.0f);
        for (std::size_t i = 0; i < 256; ++i) {
            loud[i] = (i % 2) ? 1.0f : -1.0f; // full scale square: clips
            quiet[i] = (i % 2) ? 0.01f : -0.01f;
        }
        const float* in[] = {loud.data(), quiet.data()};
        processor.process(in, 2, 256, true);
        MeterReader reader(2, rate);
        const auto& levels = reader.read(processor.meterWindows());
        QCOMPARE(levels[0].peak, 1.0f);
        QCOMPARE(levels[0].rms, 1.0f);
        QCOMPARE(levels[0].clips, 1u);
        QVERIFY(qAbs(levels[1].rms - 0.01f) < 1e-6f);
        QCOMPARE(levels[1].clips, 0u);
        QCOMPARE(processor.overflows(), 1u);
        QCOMPARE(processor.callbacks(), std::uint64_t(1));
        // Nothing new: the peak since the last read is silence, the RMS still covers 300 ms.
        const auto& again = reader.read(processor.meterWindows());
        QCOMPARE(again[0].peak, 0.0f);
        QCOMPARE(again[0].rms, 1.0f);
    }

    // A 20 ms click every 250 ms at a random phase against random callback sizes, read by a
    // "GUI" every 33 ms of audio: every click's exact peak reaches a read (today's meters showed
    // one block in six). The RMS covers 300 ms: a steady tone reads its true RMS.
    void everyClickReachesTheMeter() {
        const std::vector<TrackInput> tracks{{"Host", 0, 1}};
        CaptureProcessor processor(tracks, 0, rate / 100);
        MeterReader reader(1, rate);
        QRandomGenerator random(1234);
        const std::size_t total = 30 * rate;
        std::vector<float> signal(total, 0.0f);
        struct Click {
            std::size_t start;
        };
        std::vector<Click> clicks;
        for (std::size_t at = 0; at + rate / 4 <= total; at += rate / 4) {
            const std::size_t start = at + std::size_t(random.bounded(rate / 4 - rate / 50));
            const float level = float(0.05 + 0.9 * random.generateDouble());
            clicks.push_back({start});
            for (std::size_t i = 0; i < std::size_t(rate / 50); ++i) {
                signal[start + i] =
                    (i % 2 ? -1.0f : 1.0f) * level * float(i + 1) / float(rate / 50);
            }
        }
        std::vector<std::pair<std::size_t, float>> reads; // (frame of the read, peak)
        std::size_t nextRead = rate * 33 / 1000;
        for (std::size_t at = 0; at < total;) {
            const std::size_t n = std::min<std::size_t>(total - at, 64 + random.bounded(961));
            const float* in[] = {signal.data() + at};
            processor.process(in, 1, n, false);
            at += n;
            if (at >= nextRead) {
                reads.emplace_back(at, reader.read(processor.meterWindows())[0].peak);
                nextRead += rate * 33 / 1000;
            }
        }
        for (const Click& c : clicks) {
            const std::size_t end = c.start + rate / 50;
            float peak = 0.0f;
            for (std::size_t i = c.start; i < end; ++i) {
                peak = std::max(peak, std::fabs(signal[i]));
            }
            // The first read after the click, or the next (its last window may close later).
            std::size_t r = 0;
            while (r < reads.size() && reads[r].first < end) {
                ++r;
            }
            const bool seen = (r < reads.size() && reads[r].second >= peak) ||
                              (r + 1 < reads.size() && reads[r + 1].second >= peak);
            QVERIFY2(seen, qPrintable(QStringLiteral("click at frame %1 (peak %2) never read")
                                          .arg(c.start)
                                          .arg(peak)));
        }

        std::vector<float> tone(rate, 0.0f);
        for (std::size_t i = 0; i < tone.size(); ++i) {
            tone[i] = 0.5f * float(std::sin(2.0 * M_PI * 1000.0 * double(i) / rate));
        }
        for (std::size_t at = 0; at < tone.size(); at += 240) {
            const float* in[] = {tone.data() + at};
            processor.process(in, 1, 240, false);
        }
        const float rms = reader.read(processor.meterWindows())[0].rms;
        QVERIFY2(qAbs(rms - 0.5f / float(M_SQRT2)) < 1e-3f, qPrintable(QString::number(rms)));
    }

    // B1: the writer preempted between reading the ring and the gap queue, a ring of four
    // blocks, the counter signal through a stall. With the gap queue read first, a gap queued
    // during the preemption arrived after the writer had already taken the audio behind it, so
    // post-gap audio landed where the silence belongs and the gap stuck at the queue's head.
    void preemptedWriterKeepsEveryGapInPlace() {
        Rig rig(fourTracks(), 4 * 256);
        rig.writer.setBetweenReadsHook(
            [] { std::this_thread::sleep_for(std::chrono::microseconds(200)); });
        QCOMPARE(rig.start(), QString());
        std::atomic<bool> done{false};
        std::thread callback([&] {
            for (int i = 0; i < 3000; ++i) {
                if (i == 1000) {
                    rig.writer.setStalled(true);
                }
                if (i == 1200) {
                    rig.writer.setStalled(false);
                }
                rig.device.prepare();
                rig.device.deliver(rig.processor);
                std::this_thread::sleep_for(std::chrono::microseconds(30 + (i % 7) * 20));
            }
            done = true;
        });
        callback.join();
        QElapsedTimer finishing;
        finishing.start();
        rig.finish();
        QVERIFY2(finishing.elapsed() < 10000, "finishing the take hung");
        QVERIFY2(!rig.writer.failed(), rig.writer.errorText().c_str());
        const auto gaps = rig.writer.gapsWritten();
        QVERIFY2(gaps.size() > 10, "the test made no gaps: it proves nothing");
        std::uint64_t gapFrames = 0;
        for (const auto& g : gaps) {
            gapFrames += g.frames;
        }
        QCOMPARE(gapFrames, rig.processor.droppedFrames());
        QCOMPARE(rig.writer.framesWritten(), rig.device.frame());
        const QString problem = rig.check(gaps);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void rejectsImpossibleTrackLayouts() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, CaptureProcessor({}, 1024));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, CaptureProcessor({{"Wide", 0, 3}}, 1024));
    }

    void unwritableFolderIsAClearError() {
        const std::vector<TrackInput> tracks{{"Host", 0, 1}};
        CaptureProcessor processor(tracks, 1024);
        TakeWriter writer(processor, {"/nonexistent-onair-dir/take.wav"}, TakeFormat::Pcm24, rate);
        const QString error = QString::fromStdString(writer.open());
        QVERIFY2(error.contains(QStringLiteral("cannot create")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestCapturePipeline)
#include "tst_capture_pipeline.moc"
