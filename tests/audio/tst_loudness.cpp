// Loudness analysis and the true-peak limiter, each checked against reference figures
// (BS.1770 / EBU Tech 3341) and against an independent meter: ffmpeg's ebur128 filter reading
// the same signal from a WAV file.
#include "SignalFiles.h"
#include "audio/LoudnessAnalyzer.h"
#include "audio/TruePeakLimiter.h"
#include "audio/TruePeakMeter.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <functional>
#include <numbers>
#include <random>

using namespace onair::audio;
using namespace onair::test;

namespace {

constexpr int rate = 48000;
constexpr double pi = std::numbers::pi;

double dbToLinear(double db) {
    return std::pow(10.0, db / 20.0);
}

std::vector<float> sine(double hz, double dbfs, double seconds, int channels) {
    const double a = dbToLinear(dbfs);
    return makeSignal(std::int64_t(seconds * rate), channels, [&](std::int64_t i, int) {
        return float(a * std::sin(2.0 * pi * hz * double(i) / rate));
    });
}

LoudnessReport measure(const std::vector<float>& s, int channels) {
    LoudnessAnalyzer a(channels, rate);
    // Uneven pieces, so the per-second short-term reading is tested across add() boundaries.
    std::size_t done = 0;
    const std::size_t frames = s.size() / std::size_t(channels);
    std::size_t piece = 1000;
    while (done < frames) {
        const std::size_t n = std::min(piece, frames - done);
        a.add(s.data() + done * std::size_t(channels), n);
        done += n;
        piece = piece * 7 % 30011 + 1;
    }
    return a.report();
}

struct FfmpegReading {
    QString error;
    double integrated = 0.0;
    double truePeak = 0.0;
};

// ffmpeg's ebur128 filter on a float WAV of the signal: an independent implementation.
FfmpegReading ffmpegMeasure(const QTemporaryDir& dir, const QString& name,
                            const std::vector<float>& s, int channels) {
    FfmpegReading r;
    const QString path = dir.filePath(name + QStringLiteral(".wav"));
    const std::string err = writeFloatWav(path.toStdString(), s, channels, rate);
    if (!err.empty()) {
        r.error = QString::fromStdString(err);
        return r;
    }
    QProcess p;
    p.start(QStringLiteral("ffmpeg"),
            {"-nostats", "-nostdin", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-"});
    if (!p.waitForFinished(120000) || p.exitCode() != 0) {
        r.error = QStringLiteral("ffmpeg failed on %1").arg(path);
        return r;
    }
    const QString log = QString::fromLocal8Bit(p.readAllStandardError());
    const auto summary = log.lastIndexOf(QStringLiteral("Summary:"));
    const QString tail = log.mid(summary < 0 ? 0 : summary);
    const auto i = QRegularExpression(QStringLiteral(R"(I:\s+(-?[\d.]+|-inf) LUFS)")).match(tail);
    const auto pk =
        QRegularExpression(QStringLiteral(R"(Peak:\s+(-?[\d.]+|-inf) dBFS)")).match(tail);
    if (summary < 0 || !i.hasMatch() || !pk.hasMatch()) {
        r.error =
            QStringLiteral("no ebur128 summary in ffmpeg's output for %1:\n%2").arg(path, tail);
        return r;
    }
    r.integrated = i.captured(1).toDouble();
    r.truePeak = pk.captured(1).toDouble();
    return r;
}

// Noise in bursts with a syllable envelope and long quiet stretches, like speech, plus a
// few fs/4 bursts whose true peak lies between samples.
std::vector<float> burstyNoise(std::uint32_t seed, int channels) {
    std::mt19937 gen(seed);
    std::normal_distribution<float> noise(0.0f, 0.2f);
    return makeSignal(6 * rate, channels, [&](std::int64_t i, int c) {
        const double t = double(i) / rate;
        double env = std::sin(2.0 * pi * 3.0 * t);
        env = env > 0.0 ? env * env * env * env : 0.0;
        if (std::fmod(t, 1.5) > 1.1) {
            env = 0.02;
        }
        const bool fs4 = std::fmod(t + 0.1 * seed, 2.0) < 0.002;
        static const float pattern[4] = {0.7f, 0.7f, -0.7f, -0.7f};
        return fs4 ? pattern[(i + c) % 4] : float(env) * noise(gen);
    });
}

// Feeds `s` in uneven pieces (the first exactly one 32-frame block when `seed` is odd).
void feedInPieces(const std::vector<float>& s, int channels, std::uint32_t seed,
                  const std::function<void(const float*, std::size_t)>& feed) {
    const auto ch = std::size_t(channels);
    const std::size_t frames = s.size() / ch;
    std::size_t at = 0;
    std::size_t piece = seed % 2 == 1 ? 32 : 1;
    while (at < frames) {
        const std::size_t n = std::min(piece, frames - at);
        feed(s.data() + at * ch, n);
        at += n;
        piece = at < 40 ? 1 : piece * (5 + seed) % 9001 + 3;
    }
}

struct Limited {
    std::vector<float> out; // the delay already dropped
    double minimumGain = 1.0;
    double largestStep = 0.0;
    std::uint64_t dryFrames = 0; // silence written for want of a gain: must stay 0
};

// Feeds the limiter in uneven pieces, then flushes and drops the first latency() frames.
Limited limit(const std::vector<float>& in, int channels, double ceiling) {
    TruePeakLimiter lim(channels, rate, ceiling);
    const auto ch = std::size_t(channels);
    const std::size_t frames = in.size() / ch;
    std::vector<float> all(in.size() + lim.latency() * ch);
    std::size_t done = 0;
    std::size_t piece = 3;
    while (done < frames) {
        const std::size_t n = std::min(piece, frames - done);
        lim.process(in.data() + done * ch, all.data() + done * ch, n);
        done += n;
        piece = piece * 13 % 4099 + 1;
    }
    lim.flush(all.data() + frames * ch);
    Limited r;
    r.out.assign(all.begin() + std::ptrdiff_t(lim.latency() * ch), all.end());
    r.minimumGain = lim.minimumGain();
    r.largestStep = lim.largestGainStep();
    r.dryFrames = lim.dryFrames();
    return r;
}

// fs/4 at 45°: samples at exactly ±1.0 (0 dBFS) whose waveform peaks at √2 between them
// (+3 dBTP), in bursts with a quiet passage between, so attack and release both happen.
std::vector<float> interSamplePeaks(int channels) {
    static const float pattern[4] = {1.0f, 1.0f, -1.0f, -1.0f};
    return makeSignal(8 * rate, channels, [](std::int64_t i, int c) {
        const double t = double(i) / rate;
        const bool burst = (t >= 1.0 && t < 2.5) || (t >= 5.0 && t < 5.02) || t >= 7.0;
        const float quiet = float(0.05 * std::sin(2.0 * pi * 300.0 * t + c));
        return burst ? pattern[(i + c) % 4] : quiet;
    });
}

// Noise with a syllable-rate envelope, boosted 10 dB: peaks well over full scale.
std::vector<float> loudSpeechLikeNoise(int channels) {
    std::mt19937 gen(1234);
    std::normal_distribution<float> noise(0.0f, 0.25f);
    double lp = 0.0;
    return makeSignal(10 * rate, channels, [&](std::int64_t i, int) {
        const double t = double(i) / rate;
        const double env = 0.5 + 0.5 * std::sin(2.0 * pi * 4.0 * t) * std::sin(2.0 * pi * 0.3 * t);
        lp = 0.7 * lp + 0.3 * double(noise(gen)); // a little low-pass, roughly voice-shaped
        return float(dbToLinear(10.0) * env * lp * 2.0);
    });
}

} // namespace

class TstLoudness : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    void checkLimited(const QString& name, const std::vector<float>& in, int channels,
                      double ceiling) {
        const LoudnessReport before = measure(in, channels);
        QVERIFY2(before.truePeakDbtp > ceiling + 1.0, "the test signal must need limiting");
        const Limited l = limit(in, channels, ceiling);
        QCOMPARE(l.dryFrames, std::uint64_t(0));
        QCOMPARE(l.out.size(), in.size());
        float largest = 0.0f;
        for (float v : l.out) {
            largest = std::max(largest, std::fabs(v));
        }
        QVERIFY2(largest <= 1.0f, qPrintable(QStringLiteral("a sample reached %1").arg(largest)));
        const LoudnessReport after = measure(l.out, channels);
        const FfmpegReading ff = ffmpegMeasure(dir_, name, l.out, channels);
        QVERIFY2(ff.error.isEmpty(), qPrintable(ff.error));
        qInfo("%s: true peak in %.3f dBTP, out %.3f (TruePeakMeter) / %.3f (ffmpeg) dBTP; "
              "min gain %.2f dB, largest gain step %.5f",
              qPrintable(name), before.truePeakDbtp, after.truePeakDbtp, ff.truePeak,
              20.0 * std::log10(l.minimumGain), l.largestStep);
        const QString where = dir_.filePath(name + QStringLiteral(".wav"));
        dir_.setAutoRemove(false); // a failing check below leaves the output where it says
        QVERIFY2(after.truePeakDbtp <= ceiling + 0.05,
                 qPrintable(QStringLiteral("TruePeakMeter reads %1 dBTP (output: %2)")
                                .arg(after.truePeakDbtp)
                                .arg(where)));
        QVERIFY2(
            ff.truePeak <= ceiling + 0.05,
            qPrintable(
                QStringLiteral("ffmpeg reads %1 dBTP (output: %2)").arg(ff.truePeak).arg(where)));
        // A 20 dB reduction spread over the 5 ms attack is ~0.004 per sample; a step is >0.1.
        QVERIFY2(l.largestStep < 0.01, qPrintable(QString::number(l.largestStep)));
        dir_.setAutoRemove(true);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty()) {
            QFAIL("the ffmpeg command line is needed as the independent meter");
        }
    }

    // EBU Tech 3341 case 1: a 1 kHz sine at -23 dBFS in both channels reads -23.0 LUFS.
    void ebuReferenceStereo() {
        const LoudnessReport r = measure(sine(1000.0, -23.0, 20.0, 2), 2);
        QVERIFY2(std::fabs(r.integratedLufs + 23.0) <= 0.1,
                 qPrintable(QString::number(r.integratedLufs)));
    }

    // -20 dBFS in both channels is -20 LUFS (3 dB over one channel); peaks are the sine's.
    void sineStereo() {
        const auto s = sine(997.0, -20.0, 20.0, 2);
        const LoudnessReport r = measure(s, 2);
        qInfo("stereo -20 dBFS 997 Hz: I %.3f LUFS, LRA %.3f LU, TP %.3f dBTP, SP %.3f dBFS",
              r.integratedLufs, r.loudnessRangeLu, r.truePeakDbtp, r.samplePeakDbfs);
        QVERIFY2(std::fabs(r.integratedLufs + 20.0) <= 0.1,
                 qPrintable(QString::number(r.integratedLufs)));
        QVERIFY2(std::fabs(r.samplePeakDbfs + 20.0) <= 0.01,
                 qPrintable(QString::number(r.samplePeakDbfs)));
        QVERIFY2(std::fabs(r.truePeakDbtp + 20.0) <= 0.05,
                 qPrintable(QString::number(r.truePeakDbtp)));
        QVERIFY2(r.loudnessRangeLu < 0.1, qPrintable(QString::number(r.loudnessRangeLu)));
        QCOMPARE(r.shortTermLufs.size(), std::size_t(20));
        for (std::size_t i = 2; i < r.shortTermLufs.size(); ++i) { // full 3 s windows
            QVERIFY2(std::fabs(r.shortTermLufs[i] + 20.0f) <= 0.1f, qPrintable(QString::number(i)));
        }
        const FfmpegReading ff = ffmpegMeasure(dir_, QStringLiteral("sine-stereo"), s, 2);
        QVERIFY2(ff.error.isEmpty(), qPrintable(ff.error));
        qInfo("ffmpeg: I %.1f LUFS, TP %.1f dBTP", ff.integrated, ff.truePeak);
        QVERIFY(std::fabs(ff.integrated - r.integratedLufs) <= 0.2);
        QVERIFY(std::fabs(ff.truePeak - r.truePeakDbtp) <= 0.2);
    }

    // Mono is one channel (BS.1770), not dual mono: 3 dB under the same sine in stereo.
    void sineMono() {
        const auto s = sine(997.0, -20.0, 12.5, 1);
        const LoudnessReport r = measure(s, 1);
        QVERIFY2(std::fabs(r.integratedLufs + 23.0) <= 0.1,
                 qPrintable(QString::number(r.integratedLufs)));
        QVERIFY2(std::fabs(r.truePeakDbtp + 20.0) <= 0.05,
                 qPrintable(QString::number(r.truePeakDbtp)));
        QCOMPARE(r.shortTermLufs.size(), std::size_t(12)); // whole seconds only
        const FfmpegReading ff = ffmpegMeasure(dir_, QStringLiteral("sine-mono"), s, 1);
        QVERIFY2(ff.error.isEmpty(), qPrintable(ff.error));
        QVERIFY(std::fabs(ff.integrated - r.integratedLufs) <= 0.2);
    }

    // EBU Tech 3342 case 1: 20 s at -20 dBFS then 20 s at -30 dBFS reads LRA 10 ±1 LU.
    void ebuLoudnessRange() {
        auto s = sine(1000.0, -20.0, 20.0, 2);
        const auto quiet = sine(1000.0, -30.0, 20.0, 2);
        s.insert(s.end(), quiet.begin(), quiet.end());
        const LoudnessReport r = measure(s, 2);
        QVERIFY2(std::fabs(r.loudnessRangeLu - 10.0) <= 1.0,
                 qPrintable(QString::number(r.loudnessRangeLu)));
        QCOMPARE(r.shortTermLufs.size(), std::size_t(40));
        QVERIFY(std::fabs(r.shortTermLufs[10] + 20.0f) <= 0.1f);
        QVERIFY(std::fabs(r.shortTermLufs[30] + 30.0f) <= 0.1f);
    }

    void silenceReadsAsTheFloor() {
        const LoudnessReport r = measure(std::vector<float>(2 * 5 * rate, 0.0f), 2);
        QCOMPARE(r.integratedLufs, -70.0);
        QCOMPARE(r.truePeakDbtp, -70.0);
        QCOMPARE(r.shortTermLufs.size(), std::size_t(5));
        QCOMPARE(r.shortTermLufs.front(), -70.0f);
    }

    // A sine at a quarter of the rate, sampled 45 degrees off its crests: every sample is at
    // 0.707 (-3 dBFS) while the wave itself reaches 1.0. The true peak must see the crest.
    void truePeakBetweenSamples() {
        // Faded in and out over 0.1 s: an abrupt start would ring, and that overshoot is real.
        std::vector<float> s(std::size_t(2 * rate));
        const double fade = 0.1 * rate;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const double edge = std::min({1.0, double(i) / fade, double(s.size() - i) / fade});
            s[i] = float(edge * std::sin(M_PI / 2.0 * double(i) + M_PI / 4.0));
        }
        const LoudnessReport r = measure(s, 1);
        qInfo("sample peak %.2f dBFS, true peak %.2f dBTP", r.samplePeakDbfs, r.truePeakDbtp);
        QVERIFY(std::fabs(r.samplePeakDbfs + 3.01) <= 0.05);
        QVERIFY2(std::fabs(r.truePeakDbtp) <= 0.2, qPrintable(QString::number(r.truePeakDbtp)));
        // Without true-peak metering the report says the sample peak, nothing more.
        LoudnessAnalyzer plain(1, rate, {.truePeak = false});
        plain.add(s.data(), s.size());
        QVERIFY(std::fabs(plain.report().truePeakDbtp + 3.01) <= 0.05);
    }

    // The meter skips blocks that cannot raise the peak; its peak must be exactly the peak
    // of oversampling everything, whatever pieces the signal comes in, and it must skip most
    // of a speech-like signal.
    void skippingKeepsThePeakExact() {
        struct Case {
            std::uint32_t seed;
            int channels;
            double rate;
        };
        // Stereo and mono at 48 kHz, 2x oversampling at 96 kHz, none at 192 kHz (the samples
        // are the peaks there).
        for (const Case k : {Case{7, 2, 48000}, Case{8, 2, 48000}, Case{9, 1, 48000},
                             Case{10, 2, 96000}, Case{11, 1, 192000}}) {
            const std::vector<float> s = burstyNoise(k.seed, k.channels);
            const auto frames = s.size() / std::size_t(k.channels);
            TruePeakMeter all(k.channels, k.rate);
            all.setSkipping(false);
            all.add(s.data(), frames);
            all.finish();
            TruePeakMeter skipping(k.channels, k.rate);
            feedInPieces(s, k.channels, k.seed,
                         [&](const float* d, std::size_t n) { skipping.add(d, n); });
            skipping.finish();
            QCOMPARE(skipping.peak(), all.peak());
            qInfo("%d ch at %.0f Hz: %llu of %llu blocks oversampled, peak %.3f dBTP", k.channels,
                  k.rate, static_cast<unsigned long long>(skipping.blocksOversampled()),
                  static_cast<unsigned long long>(skipping.blocksSeen()),
                  20.0 * std::log10(double(skipping.peak())));
            QCOMPARE(skipping.blocksSeen(), (frames + 31) / 32);
            if (k.rate < 192000) {
                QCOMPARE(all.blocksOversampled(), all.blocksSeen());
                QVERIFY(skipping.blocksOversampled() * 4 < skipping.blocksSeen());
            }
            float samplePeak = 0.0f;
            for (const float v : s) {
                samplePeak = std::max(samplePeak, std::fabs(v));
            }
            QVERIFY(skipping.peak() >= samplePeak);
        }
    }

    // For the limiter: every block's peak, exact wherever it is over the floor; under the
    // floor an upper bound that stays under it. In any pieces, a first piece of exactly one
    // block included (libswresample holds its first 32 frames back).
    void blockPeaksAreExactOverTheFloor() {
        const std::vector<float> s = burstyNoise(11, 2);
        TruePeakMeter all(2, rate);
        all.setSkipping(false);
        std::vector<float> exact;
        all.addBlocks(s.data(), s.size() / 2, exact);
        all.finish(&exact);
        const float floor = 0.5f * all.peak();
        for (const std::uint32_t pieces : {1u, 2u, 3u}) {
            TruePeakMeter meter(2, rate);
            meter.setFloor(floor);
            std::vector<float> got;
            feedInPieces(s, 2, pieces,
                         [&](const float* d, std::size_t n) { meter.addBlocks(d, n, got); });
            meter.finish(&got);
            QCOMPARE(got.size(), exact.size());
            QCOMPARE(got.size(), (s.size() / 2 + 31) / 32);
            std::size_t over = 0;
            for (std::size_t i = 0; i < got.size(); ++i) {
                if (exact[i] > floor) {
                    ++over;
                    QVERIFY2(got[i] == exact[i], qPrintable(QStringLiteral("block %1: %2 vs %3")
                                                                .arg(i)
                                                                .arg(double(got[i]))
                                                                .arg(double(exact[i]))));
                } else {
                    QVERIFY2(got[i] <= floor || got[i] == exact[i],
                             qPrintable(QStringLiteral("block %1").arg(i)));
                    QVERIFY2(got[i] >= exact[i],
                             qPrintable(QStringLiteral("block %1 of %4: %2 < %3")
                                            .arg(i)
                                            .arg(double(got[i]))
                                            .arg(double(exact[i]))
                                            .arg(got.size())));
                }
            }
            QVERIFY(over > 0);
            QVERIFY(meter.blocksOversampled() < meter.blocksSeen() / 2);
        }
    }

    // The bound the skipping rests on (read from the filter's impulse response) covers the
    // classic inter-sample overs: ±1 in pairs (fs/4 at 45 degrees, +3 dB) at every phase.
    void gainBoundCoversInterSampleOvers() {
        TruePeakMeter probe(1, rate);
        QVERIFY(probe.gainBound() > 1.5 && probe.gainBound() < 3.0);
        for (int shift = 0; shift < 4; ++shift) {
            std::vector<float> s(4800);
            for (std::size_t i = 0; i < s.size(); ++i) {
                s[i] = ((i + std::size_t(shift)) / 2) % 2 == 0 ? 1.0f : -1.0f;
            }
            TruePeakMeter m(1, rate);
            m.setSkipping(false);
            m.add(s.data(), s.size());
            m.finish();
            QVERIFY2(m.peak() <= probe.gainBound(), qPrintable(QString::number(double(m.peak()))));
        }
    }

    void limiterHoldsInterSamplePeaks() {
        checkLimited(QStringLiteral("limited-fs4"), interSamplePeaks(2), 2, -1.0);
    }

    void limiterHoldsLoudNoise() {
        checkLimited(QStringLiteral("limited-noise"), loudSpeechLikeNoise(2), 2, -1.0);
    }

    // A peak in the very first frames: the gain must already be down at frame 0 (the limiter
    // runs its look-ahead over silence assumed before the audio).
    void limiterHoldsAPeakAtTheStart() {
        static const float pattern[4] = {1.0f, 1.0f, -1.0f, -1.0f};
        const auto s = makeSignal(rate / 2, 2, [](std::int64_t i, int) { return pattern[i % 4]; });
        checkLimited(QStringLiteral("limited-start"), s, 2, -1.0);
    }

    void limiterMono() {
        checkLimited(QStringLiteral("limited-mono"), interSamplePeaks(1), 1, -2.0);
    }

    // Under the ceiling the limiter is a pure delay: the same bits, gain exactly 1.0.
    void limiterPassesQuietAudioBitExact() {
        const auto in = sine(1000.0, -6.0, 3.0, 2);
        const Limited l = limit(in, 2, -1.0);
        QCOMPARE(l.dryFrames, std::uint64_t(0));
        QCOMPARE(l.minimumGain, 1.0);
        const QString diff = compareSignals(l.out, in, 2, QStringLiteral("limiter-unity"), 0.0);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // Away from the bursts (gain back to exactly 1.0) the quiet passage is untouched.
    void limiterRecoversToUnity() {
        const auto in = interSamplePeaks(2);
        const Limited l = limit(in, 2, -1.0);
        QCOMPARE(l.dryFrames, std::uint64_t(0));
        const auto from = std::ptrdiff_t(4 * rate * 2); // 1.5 s after the first burst
        const auto to = std::ptrdiff_t(5 * rate * 2 - rate / 100 * 2); // before the second
        const std::vector<float> got(l.out.begin() + from, l.out.begin() + to);
        const std::vector<float> want(in.begin() + from, in.begin() + to);
        const QString diff = compareSignals(got, want, 2, QStringLiteral("limiter-release"), 0.0);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }
};

QTEST_GUILESS_MAIN(TstLoudness)
#include "tst_loudness.moc"
