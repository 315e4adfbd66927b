// Runs against the JACK dummy server fixture: PortAudio's JACK host API must see it.
#include "audio/AudioSystem.h"

#include <QTest>
#include <algorithm>

using onair::audio::AudioSystem;

class TestAudioSystem : public QObject {
    Q_OBJECT
private slots:
    void startsAndFindsTheJackServer() {
        AudioSystem system;
        QVERIFY2(system.isReady(), system.errorText().c_str());

        const auto apis = system.hostApis();
        const auto jack = std::find_if(apis.begin(), apis.end(), [](const auto& api) {
            return api.name.find("JACK") != std::string::npos;
        });
        QVERIFY2(jack != apis.end(), "PortAudio has no JACK host API: is the fixture running?");
        QVERIFY(jack->deviceCount >= 1);

        const auto devices = system.devices();
        const auto dummy = std::find_if(devices.begin(), devices.end(),
                                        [&](const auto& d) { return d.hostApi == jack->index; });
        QVERIFY(dummy != devices.end());
        // The fixture runs `jackd -d dummy -r 48000 -C 8 -P 2`.
        QCOMPARE(dummy->maxInputChannels, 8);
        QCOMPARE(dummy->maxOutputChannels, 2);
        QCOMPARE(dummy->defaultSampleRate, 48000.0);
        QVERIFY(dummy->defaultLowInputLatency > 0.0);
        QVERIFY(!dummy->hostApiName.empty());
    }

    void devicesCarryConsistentIndices() {
        AudioSystem system;
        QVERIFY(system.isReady());
        const auto apis = system.hostApis();
        const auto devices = system.devices();
        int counted = 0;
        for (const auto& api : apis) {
            counted += api.deviceCount;
        }
        QCOMPARE(static_cast<int>(devices.size()), counted);
        for (size_t i = 0; i < devices.size(); ++i) {
            QCOMPARE(devices[i].index, static_cast<int>(i));
            QVERIFY(devices[i].hostApi >= 0 && devices[i].hostApi < static_cast<int>(apis.size()));
        }
    }

    void canStartTwiceInARow() {
        // PortAudio counts Pa_Initialize calls; nested systems must not tear each other down.
        AudioSystem outer;
        {
            AudioSystem inner;
            QVERIFY(inner.isReady());
        }
        QVERIFY(outer.isReady());
        QVERIFY(!outer.devices().empty());
    }
};

QTEST_GUILESS_MAIN(TestAudioSystem)
#include "tst_audio_system.moc"
