// The callback must not allocate: replaced operator new and malloc count every allocation made
// on the callback's thread while it runs, across 100,000 callbacks with the writer draining to
// real files on another thread; and the playback callback across 100,000 callbacks while the
// prefetch thread renders and the transport seeks, loops, replaces the plan and finishes.
#include "FakeInputDevice.h"
#include "SignalFiles.h"
#include "audio/CaptureProcessor.h"
#include "audio/InputStream.h"
#include "audio/MeterReader.h"
#include "audio/MonitorMixer.h"
#include "audio/PlaybackEngine.h"
#include "audio/TakeWriter.h"

#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ONAIR_ALLOCATION_HOOKS 0 // the sanitizers own malloc and new
#else
#define ONAIR_ALLOCATION_HOOKS 1
#endif

namespace {
thread_local bool counting = false;
std::atomic<long> allocations{0};

[[maybe_unused]] void noteAllocation() {
    if (counting) {
        allocations.fetch_add(1, std::memory_order_relaxed);
    }
}
} // namespace

#if ONAIR_ALLOCATION_HOOKS
extern "C" void* __libc_malloc(std::size_t);
extern "C" void* __libc_calloc(std::size_t, std::size_t);
extern "C" void* __libc_realloc(void*, std::size_t);

extern "C" void* malloc(std::size_t size) {
    noteAllocation();
    return __libc_malloc(size);
}
extern "C" void* calloc(std::size_t n, std::size_t size) {
    noteAllocation();
    return __libc_calloc(n, size);
}
extern "C" void* realloc(void* p, std::size_t size) {
    noteAllocation();
    return __libc_realloc(p, size);
}

void* operator new(std::size_t size) {
    noteAllocation();
    if (void* p = __libc_malloc(size ? size : 1)) {
        return p;
    }
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    return operator new(size);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
#endif

using namespace onair::audio;

class TestRealtimeAllocations : public QObject {
    Q_OBJECT
private slots:
    void theCounterSeesAllocations() {
#if !ONAIR_ALLOCATION_HOOKS
        QSKIP("allocation hooks are off under sanitizers");
#else
        // Proves the hook works, so the zero below means something.
        allocations = 0;
        counting = true;
        auto* p = new std::vector<int>(100);
        void* raw = std::malloc(32);
        counting = false;
        delete p;
        std::free(raw);
        QVERIFY(allocations.load() >= 3);
#endif
    }

    void callbackAllocatesNothingIn100kCallbacks() {
#if !ONAIR_ALLOCATION_HOOKS
        QSKIP("allocation hooks are off under sanitizers");
#else
        QTemporaryDir dir;
        const std::vector<TrackInput> tracks{{"Host", 0, 1}, {"Guest", 1, 2}, {"Caller", 3, 1}};
        // A ring small enough to overflow now and then: the drop path must not allocate either.
        CaptureProcessor processor(tracks, 48000);
        std::vector<std::string> paths;
        for (int i = 0; i < 3; ++i) {
            paths.push_back(dir.filePath(QStringLiteral("t%1.wav").arg(i)).toStdString());
        }
        TakeWriter writer(processor, paths, TakeFormat::Pcm24, 48000);
        QCOMPARE(QString::fromStdString(writer.open()), QString());
        writer.start();

        onair::test::FakeInputDevice device(4, 64);
        allocations = 0;
        for (int i = 0; i < 100000; ++i) {
            device.prepare();
            counting = true;
            device.deliver(processor);
            counting = false;
        }
        processor.finish();
        writer.finish();
        QCOMPARE(allocations.load(), 0L);
        QCOMPARE(processor.callbacks(), std::uint64_t(100000));
        QVERIFY(!writer.failed());
#endif
    }

    // The whole input callback as PortAudio calls it: levels only (no ring, as before a take)
    // with the monitor mix, its settings changed by commands and its meters read between
    // callbacks, as the GUI does.
    void levelsAndMonitorCallbackAllocatesNothing() {
#if !ONAIR_ALLOCATION_HOOKS
        QSKIP("allocation hooks are off under sanitizers");
#else
        const std::vector<TrackInput> tracks{{"Host", 0, 1}, {"Guest", 1, 2}};
        InputStream::Callback callback;
        callback.target = std::make_shared<CaptureProcessor>(tracks, 0);
        callback.monitor = std::make_shared<MonitorMixer>(tracks);
        callback.channels = 4;
        callback.outputChannels = 2;
        MeterReader reader(tracks.size(), 48000);
        std::vector<std::vector<float>> in(4, std::vector<float>(64, 0.25f));
        std::vector<std::vector<float>> out(2, std::vector<float>(64));
        const float* inputs[] = {in[0].data(), in[1].data(), in[2].data(), in[3].data()};
        float* outputs[] = {out[0].data(), out[1].data()};
        allocations = 0;
        for (int i = 0; i < 100000; ++i) {
            if (i % 1000 == 0) {
                callback.monitor->setEnabled(i % 2000 == 0);
            }
            if (i % 10 == 0) {
                reader.read(callback.target->meterWindows());
            }
            counting = true;
            callback.deliver(inputs, outputs, 64, false);
            counting = false;
        }
        QCOMPARE(allocations.load(), 0L);
        QCOMPARE(reader.read(callback.target->meterWindows())[0].peak, 0.25f);
#endif
    }

    void playbackCallbackAllocatesNothingIn100kCallbacks() {
#if !ONAIR_ALLOCATION_HOOKS
        QSKIP("allocation hooks are off under sanitizers");
#else
        QTemporaryDir dir;
        const std::string source = dir.filePath(QStringLiteral("ramp.wav")).toStdString();
        QCOMPARE(onair::test::writeFloatWav(
                     source,
                     onair::test::makeSignal(48000, 1,
                                             [](std::int64_t n, int) { return float(n) / 48000; }),
                     1, 48000),
                 std::string());
        EditPlan plan;
        RenderTrack track;
        RenderClip clip;
        clip.sourcePath = source;
        clip.length = 48000;
        track.clips.push_back(clip);
        plan.tracks.push_back(track);

        // A small ring, unpaced callbacks: underruns, stale generations and plan ends all
        // happen, and none of those paths may allocate either.
        PlaybackEngine engine(2, 48000, 0.5);
        QCOMPARE(QString::fromStdString(engine.setPlan(plan)), QString());
        engine.play(0);
        std::vector<float> out(64 * 2);
        int audible = 0;
        allocations = 0;
        for (int i = 0; i < 100000; ++i) {
            if (i % 997 == 0) {
                engine.seek(i % 40000);
            } else if (i % 3001 == 0) {
                engine.setLoop(1000, 1000 + i % 5000);
            } else if (i % 4999 == 0) {
                engine.setPlan(plan);
            } else if (engine.finished()) {
                engine.play(0);
            }
            counting = true;
            engine.process(out.data(), 64);
            counting = false;
            audible += out[2 * 63] != 0.0f ? 1 : 0;
        }
        QCOMPARE(allocations.load(), 0L);
        QCOMPARE(engine.callbacks(), std::uint64_t(100000));
        QVERIFY2(audible > 10000, qPrintable(QString::number(audible))); // it really played
#endif
    }
};

QTEST_GUILESS_MAIN(TestRealtimeAllocations)
#include "tst_realtime_allocations.moc"
