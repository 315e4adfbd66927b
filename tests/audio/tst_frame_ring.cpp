// The capture ring: region arithmetic at the wrap, full and empty, and a two-thread stress test
// with a checked sequence (also run under the tsan preset).
#include "audio/FrameRing.h"
#include "audio/SpscQueue.h"

#include <QTest>
#include <atomic>
#include <random>
#include <thread>
#include <vector>

using onair::audio::FrameRing;
using onair::audio::SpscQueue;

class TestFrameRing : public QObject {
    Q_OBJECT
private slots:
    void capacityIsAPowerOfTwo() {
        QCOMPARE(FrameRing(2, 1000).capacityFrames(), std::size_t(1024));
        QCOMPARE(FrameRing(1, 1024).capacityFrames(), std::size_t(1024));
        QCOMPARE(FrameRing(3, 1025).capacityFrames(), std::size_t(2048));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, FrameRing(0, 16));
    }

    void fillsAndEmpties() {
        FrameRing ring(2, 8);
        QCOMPARE(ring.writableFrames(), std::size_t(8));
        QCOMPARE(ring.readableFrames(), std::size_t(0));
        std::vector<float> in(2 * 10);
        for (std::size_t i = 0; i < in.size(); ++i) {
            in[i] = float(i);
        }
        QCOMPARE(ring.write(in.data(), 10), std::size_t(8)); // only what fits
        QCOMPARE(ring.writableFrames(), std::size_t(0));
        QCOMPARE(ring.writeRegions(4).frames(), std::size_t(0));
        std::vector<float> out(2 * 8);
        QCOMPARE(ring.read(out.data(), 8), std::size_t(8));
        QCOMPARE(out, std::vector<float>(in.begin(), in.begin() + 16));
        QCOMPARE(ring.readableFrames(), std::size_t(0));
        QCOMPARE(ring.readRegions(4).frames(), std::size_t(0));
    }

    void regionsSplitAtTheWrap() {
        FrameRing ring(2, 8);
        std::vector<float> block(2 * 6, 1.0f);
        ring.write(block.data(), 6);
        std::vector<float> sink(2 * 6);
        ring.read(sink.data(), 6); // indices now at 6 of 8
        const FrameRing::Regions w = ring.writeRegions(5);
        QCOMPARE(w.first.frames, std::size_t(2));
        QCOMPARE(w.second.frames, std::size_t(3));
        QCOMPARE(w.frames(), std::size_t(5));
        for (std::size_t i = 0; i < 2 * 2; ++i) {
            w.first.data[i] = 100.0f + float(i);
        }
        for (std::size_t i = 0; i < 2 * 3; ++i) {
            w.second.data[i] = 200.0f + float(i);
        }
        ring.commitWrite(5);
        const FrameRing::Regions r = ring.readRegions(8);
        QCOMPARE(r.first.frames, std::size_t(2));
        QCOMPARE(r.second.frames, std::size_t(3));
        QCOMPARE(r.first.data[3], 103.0f);
        QCOMPARE(r.second.data[5], 205.0f);
        ring.commitRead(5);
        QCOMPARE(ring.writableFrames(), std::size_t(8));
    }

    // Producer and consumer on two threads, odd chunk sizes so every wrap position is hit;
    // every sample carries its frame number, so a lost, repeated or torn frame is caught.
    void stressTwoThreadsCheckedSequence() {
        constexpr std::size_t channels = 3;
        constexpr std::uint64_t total = 6'000'000;
        FrameRing ring(channels, 4096);
        std::atomic<bool> ok{true};

        std::thread producer([&] {
            std::mt19937 rng(1);
            std::uint64_t next = 0;
            while (next < total) {
                const std::size_t want = std::min<std::uint64_t>(1 + rng() % 700, total - next);
                const FrameRing::Regions r = ring.writeRegions(want);
                std::uint64_t f = next;
                for (const auto* region : {&r.first, &r.second}) {
                    for (std::size_t i = 0; i < region->frames; ++i, ++f) {
                        for (std::size_t c = 0; c < channels; ++c) {
                            region->data[i * channels + c] = float((f * 3 + c) % 16'000'000);
                        }
                    }
                }
                ring.commitWrite(r.frames());
                next += r.frames();
            }
        });
        std::thread consumer([&] {
            std::mt19937 rng(2);
            std::uint64_t expected = 0;
            while (expected < total) {
                const FrameRing::Regions r = ring.readRegions(1 + rng() % 900);
                for (const auto* region : {&r.first, &r.second}) {
                    for (std::size_t i = 0; i < region->frames; ++i, ++expected) {
                        for (std::size_t c = 0; c < channels; ++c) {
                            if (region->data[i * channels + c] !=
                                float((expected * 3 + c) % 16'000'000)) {
                                ok = false;
                            }
                        }
                    }
                }
                ring.commitRead(r.frames());
            }
        });
        producer.join();
        consumer.join();
        QVERIFY(ok.load());
        QCOMPARE(ring.readableFrames(), std::size_t(0));
    }

    void queueKeepsOrderAcrossThreads() {
        SpscQueue<std::uint64_t> queue(64);
        QCOMPARE(queue.capacity(), std::size_t(64));
        constexpr std::uint64_t total = 2'000'000;
        std::thread producer([&] {
            for (std::uint64_t i = 0; i < total;) {
                if (queue.tryPush(i)) {
                    ++i;
                }
            }
        });
        std::uint64_t expected = 0;
        bool ordered = true;
        while (expected < total) {
            if (auto v = queue.tryPop()) {
                ordered = ordered && (*v == expected);
                ++expected;
            }
        }
        producer.join();
        QVERIFY(ordered);
        QVERIFY(!queue.tryPop());
    }

    void queueRefusesWhenFull() {
        SpscQueue<int> queue(4);
        for (int i = 0; i < 4; ++i) {
            QVERIFY(queue.tryPush(i));
        }
        QVERIFY(!queue.tryPush(99));
        QCOMPARE(*queue.tryPop(), 0);
        QVERIFY(queue.tryPush(4));
    }
};

QTEST_GUILESS_MAIN(TestFrameRing)
#include "tst_frame_ring.moc"
