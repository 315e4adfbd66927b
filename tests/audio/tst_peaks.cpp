// Waveform peak summaries: every level holds exactly the min/max of its blocks (computed here
// independently from the source samples), query() equals a brute-force scan of the source at
// any zoom, and stale, damaged or cancelled summaries are reported, never crashed on.
#include "audio/PeakFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <sndfile.h>
#include <thread>

using namespace onair::audio;

namespace {

constexpr int rate = 44100;
// Three levels (2049, 129 and 9 entries), the last block of each one partial.
constexpr std::int64_t frames = 256 * 16 * 16 * 8 + 123;

// Channel 0 a staircase, channel 1 a slow sine with isolated spikes, a few samples beyond full
// scale: which channel holds the extreme changes from block to block.
float sourceSample(std::int64_t i, int channel) {
    if (channel == 0) {
        return float((i / 97) % 200 - 100) / 100.0f * 0.9f;
    }
    if (i % 5003 == 0) {
        return -0.99f;
    }
    if (i % 70001 == 17) {
        return 1.5f; // clipped to full scale in the summary
    }
    return 0.5f * std::sin(float(i) * 0.0007f);
}

// The quantisation PeakFile.h documents, written out again: floor for minima, ceil for
// maxima, clamped to +-32767.
int codeMin(float x) {
    return std::clamp(int(std::floor(x * 32767.0f)), -32767, 32767);
}
int codeMax(float x) {
    return std::clamp(int(std::ceil(x * 32767.0f)), -32767, 32767);
}

struct Expected {
    int min = 0;
    int max = 0;
};

// Brute force over source frames [from, to) of all channels.
Expected scan(const std::vector<float>& interleaved, int channels, std::int64_t from,
              std::int64_t to) {
    float lo = interleaved[std::size_t(from * channels)];
    float hi = lo;
    for (std::int64_t i = from; i < to; ++i) {
        for (int c = 0; c < channels; ++c) {
            const float v = interleaved[std::size_t(i * channels + c)];
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    return {codeMin(lo), codeMax(hi)};
}

QString writeSource(const QString& path, std::int64_t n, std::vector<float>* samples = nullptr) {
    SF_INFO info{};
    info.samplerate = rate;
    info.channels = 2;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* f = sf_open(path.toUtf8().constData(), SFM_WRITE, &info);
    if (f == nullptr) {
        return QString::fromUtf8(sf_strerror(nullptr));
    }
    std::vector<float> buf(std::size_t(n) * 2);
    for (std::int64_t i = 0; i < n; ++i) {
        buf[std::size_t(i * 2)] = sourceSample(i, 0);
        buf[std::size_t(i * 2 + 1)] = sourceSample(i, 1);
    }
    const sf_count_t written = sf_writef_float(f, buf.data(), n);
    sf_close(f);
    if (samples != nullptr) {
        *samples = std::move(buf);
    }
    return written == n ? QString() : QStringLiteral("short write");
}

std::string s(const QString& q) {
    return q.toStdString();
}

} // namespace

class TestPeaks : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString source_;
    QString peaks_;
    std::vector<float> samples_;

    // Writes `bytes` over the peak file (or truncates it to `size` when bytes is empty).
    void damage(const QString& path, qint64 at, const QByteArray& bytes, qint64 size = -1) {
        QFile::remove(path);
        QVERIFY(QFile::copy(peaks_, path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        if (size >= 0) {
            QVERIFY(f.resize(size));
        } else {
            QVERIFY(f.seek(at));
            f.write(bytes);
        }
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        source_ = dir_.filePath(QStringLiteral("source.wav"));
        peaks_ = dir_.filePath(QStringLiteral("peaks/source.peaks"));
        QCOMPARE(writeSource(source_, frames, &samples_), QString());
        std::vector<double> progress;
        QCOMPARE(QString::fromStdString(
                     buildPeaks(s(source_), s(peaks_), [&](double f) { progress.push_back(f); })),
                 QString());
        QVERIFY(!progress.empty() && progress.size() <= 101);
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
        QCOMPARE(progress.back(), 1.0);
        QVERIFY(!QFile::exists(peaks_ + QStringLiteral(".part")));
    }

    void headerIsAsDocumented() {
        QFile f(peaks_);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray b = f.readAll();
        QVERIFY(b.size() >= 64);
        QCOMPARE(b.left(8), QByteArray("ONAIRPKS"));
        auto u32 = [&](int at) {
            std::uint32_t v;
            std::memcpy(&v, b.constData() + at, 4);
            return v;
        };
        auto i64 = [&](int at) {
            std::int64_t v;
            std::memcpy(&v, b.constData() + at, 8);
            return v;
        };
        QCOMPARE(u32(8), 1u);
        QCOMPARE(u32(12), 64u + 16u * 3u);
        QCOMPARE(i64(16), frames);
        QCOMPARE(u32(24), 2u);
        QCOMPARE(u32(28), 256u);
        QCOMPARE(i64(40), QFileInfo(source_).size());
        QCOMPARE(u32(56), 16u);
        QCOMPARE(u32(60), 3u);
        const std::int64_t entries = 2049 + 129 + 9;
        QCOMPARE(qint64(b.size()), qint64(64 + 16 * 3 + entries * 4));
    }

    void everyLevelHoldsItsBlocksExactly() {
        PeakFile pf;
        QCOMPARE(QString::fromStdString(pf.open(s(peaks_), s(source_))), QString());
        QCOMPARE(pf.sourceFrames(), frames);
        QCOMPARE(pf.channels(), 2);
        QCOMPARE(pf.sampleRate(), double(rate));
        QCOMPARE(pf.levelCount(), 3);
        std::int64_t block = 256;
        for (int level = 0; level < pf.levelCount(); ++level, block *= 16) {
            QCOMPARE(pf.blockFrames(level), block);
            const auto pairs = pf.level(level);
            QCOMPARE(std::int64_t(pairs.size()), (frames + block - 1) / block);
            for (std::size_t b = 0; b < pairs.size(); ++b) {
                const std::int64_t from = std::int64_t(b) * block;
                const Expected e = scan(samples_, 2, from, std::min(from + block, frames));
                if (pairs[b].min != e.min || pairs[b].max != e.max) {
                    QFAIL(qPrintable(QStringLiteral("level %1 block %2: %3..%4, expected %5..%6")
                                         .arg(level)
                                         .arg(b)
                                         .arg(pairs[b].min)
                                         .arg(pairs[b].max)
                                         .arg(e.min)
                                         .arg(e.max)));
                }
            }
        }
        // The fixture must exercise clamping and both channels.
        QCOMPARE(int(pf.level(2)[0].max), 32767);
    }

    void queryEqualsBruteForce_data() {
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("end");
        QTest::addColumn<int>("columns");
        QTest::newRow("one column per base block") << qint64(0) << qint64(2048 * 256) << 2048;
        QTest::newRow("one column per 16 blocks") << qint64(0) << qint64(128 * 4096) << 128;
        QTest::newRow("non-aligned") << qint64(1000) << qint64(400000) << 777;
        QTest::newRow("columns across level-1 blocks") << qint64(12345) << qint64(500000) << 37;
        QTest::newRow("just under a level-1 block") << qint64(3) << qint64(3 + 4095 * 100) << 100;
        QTest::newRow("whole file, coarsest") << qint64(0) << qint64(frames) << 3;
        QTest::newRow("zoomed in past the base") << qint64(5000) << qint64(5100) << 50;
        QTest::newRow("over the end") << qint64(frames - 1000) << qint64(frames + 1000) << 20;
        QTest::newRow("before the start") << qint64(-512) << qint64(512) << 4;
    }

    void queryEqualsBruteForce() {
        QFETCH(qint64, start);
        QFETCH(qint64, end);
        QFETCH(int, columns);
        PeakFile pf;
        QCOMPARE(QString::fromStdString(pf.open(s(peaks_), s(source_))), QString());
        std::vector<float> mins(std::size_t(columns), 9.0f);
        std::vector<float> maxs(std::size_t(columns), 9.0f);
        pf.query(start, end, columns, mins.data(), maxs.data());

        // The documented choice: the coarsest level whose block fits in a column.
        const double perColumn = double(end - start) / columns;
        std::int64_t block = 256;
        while (block * 16 <= perColumn && block * 16 <= 65536) {
            block *= 16;
        }
        for (int i = 0; i < columns; ++i) {
            std::int64_t from = start + (end - start) * i / columns;
            std::int64_t to =
                std::max<std::int64_t>(start + (end - start) * (i + 1) / columns, from + 1);
            from = std::max<std::int64_t>(from, 0);
            to = std::min(to, frames);
            Expected e;
            if (from < to) {
                // Every source frame of the blocks the column overlaps.
                const std::int64_t first = from / block * block;
                const std::int64_t last = std::min(((to - 1) / block + 1) * block, frames);
                e = scan(samples_, 2, first, last);
            }
            const int gotMin = int(std::lround(mins[std::size_t(i)] * 32767.0f));
            const int gotMax = int(std::lround(maxs[std::size_t(i)] * 32767.0f));
            if (gotMin != e.min || gotMax != e.max) {
                QFAIL(qPrintable(QStringLiteral("column %1 (frames %2..%3, block %4): %5..%6, "
                                                "expected %7..%8")
                                     .arg(i)
                                     .arg(from)
                                     .arg(to)
                                     .arg(block)
                                     .arg(gotMin)
                                     .arg(gotMax)
                                     .arg(e.min)
                                     .arg(e.max)));
            }
        }
    }

    void rewrittenSourceIsStale() {
        const QString src = dir_.filePath(QStringLiteral("stale.wav"));
        const QString pk = dir_.filePath(QStringLiteral("stale.peaks"));
        QCOMPARE(writeSource(src, 10000), QString());
        QCOMPARE(QString::fromStdString(buildPeaks(s(src), s(pk))), QString());
        PeakFile pf;
        QCOMPARE(QString::fromStdString(pf.open(s(pk), s(src))), QString());
        QCOMPARE(pf.sourceFrames(), std::int64_t(10000));

        QCOMPARE(writeSource(src, 20000), QString()); // a different size
        const QString e = QString::fromStdString(pf.open(s(pk), s(src)));
        QVERIFY2(e.contains(QStringLiteral("stale")), qPrintable(e));
        QVERIFY(!pf.isOpen());
        QCOMPARE(pf.sourceFrames(), std::int64_t(0));

        // Same size, newer modification time: still stale.
        QCOMPARE(QString::fromStdString(buildPeaks(s(src), s(pk))), QString());
        QCOMPARE(QString::fromStdString(pf.open(s(pk), s(src))), QString());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        QCOMPARE(writeSource(src, 20000), QString());
        QVERIFY(QString::fromStdString(pf.open(s(pk), s(src))).contains(QStringLiteral("stale")));

        QFile::remove(src);
        QVERIFY(!pf.open(s(pk), s(src)).empty());
    }

    void damagedFilesAreReported_data() {
        QTest::addColumn<qint64>("at");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << qint64(0) << QByteArray() << qint64(0) << "damaged";
        QTest::newRow("cut in the header") << qint64(0) << QByteArray() << qint64(40) << "damaged";
        QTest::newRow("cut in the levels")
            << qint64(0) << QByteArray() << qint64(5000) << "truncated";
        QTest::newRow("one byte short")
            << qint64(0) << QByteArray() << qint64(QFileInfo(peaks_).size() - 1) << "truncated";
        QTest::newRow("bad magic") << qint64(0) << QByteArray("RIFF") << qint64(-1) << "damaged";
        QTest::newRow("future version")
            << qint64(8) << QByteArray("\x02\0\0\0", 4) << qint64(-1) << "version";
        QTest::newRow("level count 200")
            << qint64(60) << QByteArray("\xc8\0\0\0", 4) << qint64(-1) << "damaged";
        QTest::newRow("huge level offset")
            << qint64(64 + 16) << QByteArray("\xff\xff\xff\xff\xff\xff\xff\x7f", 8) << qint64(-1)
            << "damaged";
        QTest::newRow("frame count changed")
            << qint64(16) << QByteArray("\x01\0\0\0", 4) << qint64(-1) << "damaged";
    }

    void damagedFilesAreReported() {
        QFETCH(qint64, at);
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, size);
        QFETCH(QString, expected);
        const QString path = dir_.filePath(QStringLiteral("damaged.peaks"));
        damage(path, at, bytes, size);
        PeakFile pf;
        const QString e = QString::fromStdString(pf.open(s(path), s(source_)));
        qInfo("%s", qPrintable(e));
        QVERIFY2(e.contains(expected) && e.contains(path), qPrintable(e));
        QVERIFY(!pf.isOpen());
        float lo = 1;
        float hi = 1;
        pf.query(0, 1000, 1, &lo, &hi); // an empty summary answers silence
        QCOMPARE(lo, 0.0f);
        QCOMPARE(hi, 0.0f);
    }

    void missingPeaksAreReported() {
        PeakFile pf;
        const std::string e = pf.open(s(dir_.filePath(QStringLiteral("none.peaks"))), s(source_));
        QVERIFY2(QString::fromStdString(e).contains(QStringLiteral("none.peaks")), e.c_str());
    }

    void cancelLeavesNoFile() {
        const QString pk = dir_.filePath(QStringLiteral("cancelled.peaks"));
        std::atomic<bool> cancel{false};
        const std::string e = buildPeaks(
            s(source_), s(pk), [&](double) { cancel = true; }, &cancel);
        QVERIFY2(QString::fromStdString(e).contains(QStringLiteral("cancelled")), e.c_str());
        QVERIFY(!QFile::exists(pk));
        QVERIFY(!QFile::exists(pk + QStringLiteral(".part")));
    }

    void notAudioIsRefusedByName() {
        const QString src = dir_.filePath(QStringLiteral("notes.txt"));
        QFile f(src);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not audio\n");
        f.close();
        const QString pk = dir_.filePath(QStringLiteral("notes.peaks"));
        const QString e = QString::fromStdString(buildPeaks(s(src), s(pk)));
        QVERIFY2(e.contains(src), qPrintable(e));
        QVERIFY(!QFile::exists(pk) && !QFile::exists(pk + QStringLiteral(".part")));
    }

    void emptySourceGivesAnEmptySummary() {
        const QString src = dir_.filePath(QStringLiteral("empty.wav"));
        const QString pk = dir_.filePath(QStringLiteral("empty.peaks"));
        QCOMPARE(writeSource(src, 0), QString());
        QCOMPARE(QString::fromStdString(buildPeaks(s(src), s(pk))), QString());
        PeakFile pf;
        QCOMPARE(QString::fromStdString(pf.open(s(pk), s(src))), QString());
        QCOMPARE(pf.sourceFrames(), std::int64_t(0));
        float lo = 1;
        float hi = 1;
        pf.query(0, 48000, 1, &lo, &hi);
        QCOMPARE(lo, 0.0f);
        QCOMPARE(hi, 0.0f);
    }
};

QTEST_GUILESS_MAIN(TestPeaks)
#include "tst_peaks.moc"
