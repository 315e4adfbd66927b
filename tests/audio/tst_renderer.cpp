// The renderer, checked sample by sample against buffers computed here from the documented
// semantics (gains, fades, pan law, balance, downmix, mute, solo, overlaps), plus the
// properties playback and export rely on: any block size gives bit-identical output, bad
// sources are named, short and truncated sources are silence past their end.
#include "SignalFiles.h"
#include "audio/Renderer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <random>

using namespace onair::audio;
using namespace onair::test;

namespace {

constexpr int rate = 48000;
constexpr std::int64_t sourceFrames = 20000;

// The sources' signals, as the test knows them (independent of the files).
double ramp(std::int64_t n) {
    return n >= 0 && n < sourceFrames ? double(n + 1) / 65536.0 : 0.0;
}
double stereoSample(std::int64_t n, int c) {
    return c == 0 ? ramp(n) : -ramp(n) / 2.0;
}
double dbToLinear(double db) {
    return std::pow(10.0, db / 20.0);
}

struct Rendered {
    std::vector<float> samples;
    std::string error;
};

Rendered renderPlan(const EditPlan& plan, int channels, std::int64_t position,
                    std::int64_t frames) {
    Renderer renderer(plan, channels);
    Rendered r;
    r.error = renderer.open();
    r.samples.assign(std::size_t(frames * channels), 123.0f); // render must overwrite all
    renderer.render(position, r.samples.data(), frames);
    return r;
}

// An expected buffer under construction, summed in double.
struct Expected {
    Expected(int channels, std::int64_t frames)
        : channels(channels)
        , frames(frames)
        , sum(std::size_t(channels * frames), 0.0) {}
    void add(std::int64_t frame, int channel, double value) {
        if (frame >= 0 && frame < frames) {
            sum[std::size_t(frame * channels + channel)] += value;
        }
    }
    std::vector<float> samples() const { return {sum.begin(), sum.end()}; }
    int channels;
    std::int64_t frames;
    std::vector<double> sum;
};

RenderClip clip(const std::string& path, std::int64_t position, std::int64_t length,
                std::int64_t sourceStart = 0, float gainDb = 0.0f) {
    RenderClip c;
    c.sourcePath = path;
    c.position = position;
    c.length = length;
    c.sourceStart = sourceStart;
    c.gainDb = gainDb;
    return c;
}

EditPlan planOf(std::vector<RenderTrack> tracks) {
    EditPlan p;
    p.sampleRate = rate;
    p.tracks = std::move(tracks);
    return p;
}

RenderTrack trackOf(std::vector<RenderClip> clips, float gainDb = 0.0f, float pan = 0.0f) {
    RenderTrack t;
    t.gainDb = gainDb;
    t.pan = pan;
    t.clips = std::move(clips);
    return t;
}

} // namespace

#define COMPARE_SIGNALS(actual, expected, channels, name)                                          \
    do {                                                                                           \
        const QString diff = compareSignals(actual, expected, channels, name);                     \
        QVERIFY2(diff.isEmpty(), qPrintable(diff));                                                \
    } while (false)

class TestRenderer : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    std::string mono_, stereo_, constant_, rate44_, shortSource_, truncated_;
    std::int64_t truncatedFrames_ = 0;

    std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        mono_ = path("ramp.wav");
        stereo_ = path("stereo.wav");
        constant_ = path("constant.wav");
        rate44_ = path("rate44.wav");
        shortSource_ = path("short.wav");
        truncated_ = path("truncated.wav");
        auto rampSignal = [](std::int64_t n, int) { return float(ramp(n)); };
        QCOMPARE(writeFloatWav(mono_, makeSignal(sourceFrames, 1, rampSignal), 1, rate), "");
        QCOMPARE(writeFloatWav(
                     stereo_,
                     makeSignal(sourceFrames, 2,
                                [](std::int64_t n, int c) { return float(stereoSample(n, c)); }),
                     2, rate),
                 "");
        QCOMPARE(writeFloatWav(constant_,
                               makeSignal(sourceFrames, 1, [](std::int64_t, int) { return 0.5f; }),
                               1, rate),
                 "");
        QCOMPARE(writeFloatWav(rate44_, makeSignal(1000, 1, rampSignal), 1, 44100), "");
        QCOMPARE(writeFloatWav(shortSource_, makeSignal(1000, 1, rampSignal), 1, rate), "");
        // A take cut off mid-write: the header promises 8000 frames, the data stops near 3000.
        QCOMPARE(writeFloatWav(truncated_, makeSignal(8000, 1, rampSignal), 1, rate), "");
        QFile f(QString::fromStdString(truncated_));
        QVERIFY(f.resize(f.size() - 5000 * 4 - 2)); // and not on a frame boundary
        truncatedFrames_ = 3000;
    }

    void clipGainAndPlacement() {
        const auto plan = planOf({trackOf({clip(mono_, 100, 500, 10, -6.0f)})});
        const Rendered r = renderPlan(plan, 1, 0, 800);
        QCOMPARE(QString::fromStdString(r.error), QString());
        Expected e(1, 800);
        for (std::int64_t t = 100; t < 600; ++t) {
            e.add(t, 0, ramp(10 + t - 100) * dbToLinear(-6.0));
        }
        COMPARE_SIGNALS(r.samples, e.samples(), 1, "clip-gain");
    }

    void trackGainMultipliesClipGain() {
        const auto plan = planOf({trackOf({clip(mono_, 0, 300, 0, -2.0f)}, 3.5f)});
        const Rendered r = renderPlan(plan, 1, 0, 300);
        Expected e(1, 300);
        for (std::int64_t t = 0; t < 300; ++t) {
            e.add(t, 0, ramp(t) * dbToLinear(-2.0) * dbToLinear(3.5));
        }
        COMPARE_SIGNALS(r.samples, e.samples(), 1, "track-gain");
    }

    void fadesAreLinearRampsInsideTheClip() {
        RenderClip c = clip(constant_, 10, 400);
        c.fadeIn = 100;
        c.fadeOut = 50;
        const Rendered r = renderPlan(planOf({trackOf({c})}), 1, 0, 420);
        Expected e(1, 420);
        for (std::int64_t i = 0; i < 400; ++i) {
            double g = i < 100 ? double(i) / 100.0 : 1.0;
            const std::int64_t after = 399 - i;
            g *= after < 50 ? double(after) / 50.0 : 1.0;
            e.add(10 + i, 0, 0.5 * g);
        }
        COMPARE_SIGNALS(r.samples, e.samples(), 1, "fades");
        // The definition's corners, exactly.
        QCOMPARE(r.samples[10], 0.0f);        // fade-in frame 0
        QCOMPARE(r.samples[10 + 50], 0.25f);  // 50/100 of 0.5
        QCOMPARE(r.samples[10 + 100], 0.5f);  // first frame past the fade-in
        QCOMPARE(r.samples[10 + 349], 0.5f);  // last frame before the fade-out
        QCOMPARE(r.samples[10 + 350], 0.49f); // 49/50 of 0.5
        QCOMPARE(r.samples[10 + 399], 0.0f);  // the clip's last frame
    }

    void overlappingFadesMultiply() {
        RenderClip c = clip(constant_, 0, 10);
        c.fadeIn = 10;
        c.fadeOut = 10;
        const Rendered r = renderPlan(planOf({trackOf({c})}), 1, 0, 10);
        Expected e(1, 10);
        for (std::int64_t i = 0; i < 10; ++i) {
            e.add(i, 0, 0.5 * (double(i) / 10.0) * (double(9 - i) / 10.0));
        }
        COMPARE_SIGNALS(r.samples, e.samples(), 1, "fade-overlap");
    }

    void monoSourcePansWithConstantPower() {
        const float pans[] = {0.0f, -1.0f, 1.0f, -0.5f, 0.3f};
        for (float pan : pans) {
            const auto plan = planOf({trackOf({clip(mono_, 0, 200)}, 0.0f, pan)});
            const Rendered r = renderPlan(plan, 2, 0, 200);
            const double theta = (double(pan) + 1.0) * M_PI / 4.0;
            Expected e(2, 200);
            for (std::int64_t t = 0; t < 200; ++t) {
                e.add(t, 0, ramp(t) * std::cos(theta));
                e.add(t, 1, ramp(t) * std::sin(theta));
            }
            COMPARE_SIGNALS(r.samples, e.samples(), 2, QStringLiteral("pan%1").arg(pan));
            // Centre is -3 dB per side; hard left leaves the right side silent.
            if (pan == 0.0f) {
                QVERIFY(std::fabs(r.samples[2 * 100] / ramp(100) - M_SQRT1_2) < 1e-6);
            }
            if (pan == -1.0f) {
                QVERIFY(std::fabs(r.samples[2 * 100 + 1]) < 1e-7f);
            }
        }
    }

    void stereoSourceIsBalanced() {
        const float pans[] = {0.0f, 0.5f, -0.25f, 1.0f};
        for (float pan : pans) {
            const auto plan = planOf({trackOf({clip(stereo_, 0, 200, 5)}, 0.0f, pan)});
            const Rendered r = renderPlan(plan, 2, 0, 200);
            const double left = pan > 0 ? 1.0 - pan : 1.0;
            const double right = pan < 0 ? 1.0 + pan : 1.0;
            Expected e(2, 200);
            for (std::int64_t t = 0; t < 200; ++t) {
                e.add(t, 0, stereoSample(5 + t, 0) * left);
                e.add(t, 1, stereoSample(5 + t, 1) * right);
            }
            COMPARE_SIGNALS(r.samples, e.samples(), 2, QStringLiteral("balance%1").arg(pan));
        }
    }

    void monoOutputDownmixes() {
        // Pan is ignored on a mono output: mono at unity, stereo as (L+R)/2.
        const auto plan = planOf({trackOf({clip(mono_, 0, 300)}, 0.0f, -0.7f),
                                  trackOf({clip(stereo_, 100, 300)}, 0.0f, 0.4f)});
        const Rendered r = renderPlan(plan, 1, 0, 400);
        Expected e(1, 400);
        for (std::int64_t t = 0; t < 300; ++t) {
            e.add(t, 0, ramp(t));
            e.add(100 + t, 0, (stereoSample(t, 0) + stereoSample(t, 1)) / 2.0);
        }
        COMPARE_SIGNALS(r.samples, e.samples(), 1, "mono-downmix");
    }

    void muteSilencesATrack() {
        RenderTrack muted = trackOf({clip(constant_, 0, 100)});
        muted.mute = true;
        const auto plan = planOf({muted, trackOf({clip(mono_, 0, 100)})});
        const Rendered r = renderPlan(plan, 1, 0, 100);
        Expected e(1, 100);
        for (std::int64_t t = 0; t < 100; ++t) {
            e.add(t, 0, ramp(t));
        }
        COMPARE_SIGNALS(r.samples, e.samples(), 1, "mute");
    }

    void soloPlaysOnlySoloedTracks() {
        RenderTrack a = trackOf({clip(constant_, 0, 100)});
        RenderTrack b = trackOf({clip(mono_, 0, 100)});
        RenderTrack c = trackOf({clip(mono_, 50, 100, 1000)});
        b.solo = true;
        c.solo = true;
        {
            const Rendered r = renderPlan(planOf({a, b, c}), 1, 0, 150);
            Expected e(1, 150);
            for (std::int64_t t = 0; t < 100; ++t) {
                e.add(t, 0, ramp(t));
                e.add(50 + t, 0, ramp(1000 + t));
            }
            COMPARE_SIGNALS(r.samples, e.samples(), 1, "solo");
        }
        // Mute wins over solo; the other soloed track still plays alone.
        c.mute = true;
        const Rendered r = renderPlan(planOf({a, b, c}), 1, 0, 150);
        Expected e(1, 150);
        for (std::int64_t t = 0; t < 100; ++t) {
            e.add(t, 0, ramp(t));
        }
        COMPARE_SIGNALS(r.samples, e.samples(), 1, "solo-mute");
    }

    void overlappingClipsSum() {
        const auto plan =
            planOf({trackOf({clip(mono_, 0, 300, 0), clip(constant_, 200, 300, 0, -6.0f)})});
        const Rendered r = renderPlan(plan, 1, 0, 600);
        Expected e(1, 600);
        for (std::int64_t t = 0; t < 300; ++t) {
            e.add(t, 0, ramp(t));
            e.add(200 + t, 0, 0.5 * dbToLinear(-6.0));
        }
        COMPARE_SIGNALS(r.samples, e.samples(), 1, "overlap");
    }

    void clipStartingBeforeThePosition() {
        RenderClip c = clip(mono_, 1000, 2000, 300);
        c.fadeIn = 1500; // the fade is where the clip is, not where rendering starts
        const Rendered r = renderPlan(planOf({trackOf({c})}), 2, 1700, 500);
        Expected e(2, 500);
        for (std::int64_t t = 0; t < 500; ++t) {
            const std::int64_t i = 1700 + t - 1000;
            const double g = i < 1500 ? double(i) / 1500.0 : 1.0;
            e.add(t, 0, ramp(300 + i) * g * M_SQRT1_2);
            e.add(t, 1, ramp(300 + i) * g * M_SQRT1_2);
        }
        COMPARE_SIGNALS(r.samples, e.samples(), 2, "partial");
    }

    void anyBlockSizesGiveBitIdenticalOutput() {
        // Every feature at once, clips crossing the renderer's internal read chunks.
        RenderClip fadeClip = clip(mono_, 500, 15000, 100, -3.0f);
        fadeClip.fadeIn = 4000;
        fadeClip.fadeOut = 7000;
        RenderClip stereoClip = clip(stereo_, 3000, 16000, 2000, 1.5f);
        stereoClip.fadeOut = 333;
        RenderTrack t1 = trackOf({fadeClip, clip(constant_, 9000, 5000, 0, -12.0f)}, -1.0f, -0.3f);
        RenderTrack t2 = trackOf({stereoClip, clip(mono_, 18000, 20000)}, 2.0f, 0.6f);
        RenderTrack t3 = trackOf({clip(shortSource_, 100, 5000)}, 0.0f, 0.9f);
        const auto plan = planOf({t1, t2, t3});
        const std::int64_t total = plan.length() + 1000;
        for (int channels : {1, 2}) {
            const Rendered whole = renderPlan(plan, channels, 0, total);
            QCOMPARE(QString::fromStdString(whole.error), QString());

            Renderer renderer(plan, channels);
            QCOMPARE(QString::fromStdString(renderer.open()), QString());
            std::mt19937 random(42 + channels);
            std::vector<float> blocks(whole.samples.size());
            for (std::int64_t pos = 0; pos < total;) {
                const std::int64_t n =
                    std::min<std::int64_t>(total - pos, 1 + std::int64_t(random() % 5000));
                renderer.render(pos, blocks.data() + pos * channels, n);
                pos += n;
            }
            QVERIFY2(compareSignals(blocks, whole.samples, channels,
                                    QStringLiteral("blocks%1").arg(channels), 0.0)
                         .isEmpty(),
                     "block-wise rendering differs from one-shot rendering");

            // Out of order and overlapping (seeks, loops, re-renders after an edit).
            std::vector<float> scattered(whole.samples.size(), 0.0f);
            std::vector<float> tmp;
            for (int k = 0; k < 300; ++k) {
                const std::int64_t pos = std::int64_t(random() % std::uint64_t(total));
                const std::int64_t n = std::min<std::int64_t>(total - pos, 1 + random() % 3000);
                tmp.resize(std::size_t(n * channels));
                renderer.render(pos, tmp.data(), n);
                std::copy(tmp.begin(), tmp.end(), scattered.begin() + pos * channels);
                const std::vector<float> want(whole.samples.begin() + pos * channels,
                                              whole.samples.begin() + (pos + n) * channels);
                const QString diff =
                    compareSignals(tmp, want, channels, QStringLiteral("scattered%1").arg(k), 0.0);
                QVERIFY2(diff.isEmpty(), qPrintable(diff));
            }
        }
    }

    void missingSourceIsNamed() {
        const std::string missing = path("nope/gone.wav");
        const auto plan = planOf({trackOf({clip(mono_, 0, 100), clip(missing, 50, 100)})});
        const Rendered r = renderPlan(plan, 2, 0, 200);
        QVERIFY2(r.error.find(missing) != std::string::npos, r.error.c_str());
        // The sources that did open still play; the missing one is silence.
        Expected e(2, 200);
        for (std::int64_t t = 0; t < 100; ++t) {
            e.add(t, 0, ramp(t) * M_SQRT1_2);
            e.add(t, 1, ramp(t) * M_SQRT1_2);
        }
        COMPARE_SIGNALS(r.samples, e.samples(), 2, "missing");
    }

    void wrongRateSourceIsNamed() {
        const auto plan = planOf({trackOf({clip(rate44_, 0, 100)})});
        const Rendered r = renderPlan(plan, 1, 0, 100);
        QVERIFY2(r.error.find(rate44_) != std::string::npos, r.error.c_str());
        QVERIFY2(r.error.find("44100") != std::string::npos, r.error.c_str());
        COMPARE_SIGNALS(r.samples, std::vector<float>(100, 0.0f), 1, "wrong-rate");
    }

    void shortSourceIsSilencePastItsEnd() {
        // short.wav holds 1000 frames; the clip asks for 3000 from frame 500 on, and one clip
        // starts before the source's first frame.
        const auto plan = planOf(
            {trackOf({clip(shortSource_, 0, 3000, 500), clip(shortSource_, 4000, 100, -50)})});
        const Rendered r = renderPlan(plan, 1, 0, 4100);
        QCOMPARE(QString::fromStdString(r.error), QString());
        Expected e(1, 4100);
        for (std::int64_t t = 0; t < 500; ++t) {
            e.add(t, 0, ramp(500 + t));
        }
        for (std::int64_t t = 50; t < 100; ++t) {
            e.add(4000 + t, 0, ramp(t - 50));
        }
        COMPARE_SIGNALS(r.samples, e.samples(), 1, "short-source");
    }

    void truncatedSourceIsSilenceNotACrash() {
        const auto plan = planOf({trackOf({clip(truncated_, 0, 8000)})});
        const Rendered r = renderPlan(plan, 1, 0, 8000);
        // libsndfile may or may not warn; what matters is what plays.
        std::int64_t good = 0;
        while (good < 8000 && r.samples[std::size_t(good)] == float(ramp(good))) {
            ++good;
        }
        QVERIFY2(good >= truncatedFrames_ - 1, qPrintable(QString::number(good)));
        for (std::int64_t t = good; t < 8000; ++t) {
            QVERIFY2(r.samples[std::size_t(t)] == 0.0f, qPrintable(QString::number(t)));
        }
    }

    void lengthIsTheEndOfTheLastClip() {
        RenderTrack muted = trackOf({clip(mono_, 5000, 100)});
        muted.mute = true;
        const auto plan = planOf({trackOf({clip(mono_, 10, 100)}), muted});
        QCOMPARE(plan.length(), std::int64_t(5100));
        QCOMPARE(EditPlan{}.length(), std::int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestRenderer)
#include "tst_renderer.moc"
