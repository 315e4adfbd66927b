#include "audio/MonitorMixer.h"

#include <QTest>
#include <cmath>
#include <vector>

using onair::audio::MonitorMixer;

class TestMonitorMixer : public QObject {
    Q_OBJECT
    std::vector<float> a_ = std::vector<float>(64, 0.5f);
    std::vector<float> b_ = std::vector<float>(64, 0.25f);
    std::vector<float> c_ = std::vector<float>(64, -0.125f);
    std::vector<float> left_ = std::vector<float>(64, 9.0f);
    std::vector<float> right_ = std::vector<float>(64, 9.0f);

private slots:
    void monoGoesToTheCentreStereoToItsSides() {
        MonitorMixer mixer({{"Host", 0, 1}, {"Band", 1, 2}});
        const float* in[] = {a_.data(), b_.data(), c_.data()};
        float* out[] = {left_.data(), right_.data()};
        mixer.mix(in, 3, out, 2, 64);
        const float centre = 0.5f * std::sqrt(0.5f);
        QVERIFY(std::fabs(left_[10] - (centre + 0.25f)) < 1e-6f);
        QVERIFY(std::fabs(right_[10] - (centre - 0.125f)) < 1e-6f);
    }

    void offMeansSilenceNotStaleBuffers() {
        MonitorMixer mixer({{"Host", 0, 1}});
        mixer.setEnabled(false);
        const float* in[] = {a_.data()};
        float* out[] = {left_.data(), right_.data()};
        mixer.mix(in, 1, out, 2, 64);
        QCOMPARE(left_[0], 0.0f);
        QCOMPARE(right_[63], 0.0f);
    }

    void gainScalesAndMonoOutputTakesItAll() {
        MonitorMixer mixer({{"Host", 0, 1}});
        mixer.setGain(0.5f);
        const float* in[] = {a_.data()};
        float* out[] = {left_.data()};
        mixer.mix(in, 1, out, 1, 64);
        QCOMPARE(left_[5], 0.25f);
    }

    void tracksBeyondTheDeviceAreSkipped() {
        MonitorMixer mixer({{"Far", 7, 1}});
        const float* in[] = {a_.data()};
        float* out[] = {left_.data(), right_.data()};
        mixer.mix(in, 1, out, 2, 64);
        QCOMPARE(left_[0], 0.0f);
    }
};

QTEST_GUILESS_MAIN(TestMonitorMixer)
#include "tst_monitor_mixer.moc"
