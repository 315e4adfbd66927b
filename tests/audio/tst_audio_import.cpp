// Import of audio files into the episode: every common codec comes out as 24-bit FLAC at 48 kHz
// with the original's length (codec priming removed) and content; damaged files give what
// decodes; files that are not audio are refused by name and leave nothing behind.
// Fixtures are made at test time with the ffmpeg command line.
#include "SoundFileReader.h"
#include "TestSignal.h"
#include "audio/AudioImporter.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <sndfile.h>

using namespace onair::audio;
using namespace onair::test;

namespace {

constexpr int sourceRate = 44100;
constexpr int outRate = 48000;
constexpr double seconds = 3.0;
constexpr std::int64_t expectedFrames = 144000; // 3 s at 48 kHz
// ffmpeg's sine source: amplitude 1/8.
constexpr double sineRms = 0.125 / 1.4142135623730951;

struct Decoded {
    int channels = 0;
    int rate = 0;
    int format = 0;
    std::vector<std::vector<float>> samples; // [channel][frame]
    std::int64_t frames() const { return samples.empty() ? 0 : std::int64_t(samples[0].size()); }
};

Decoded readFloat(const QString& path) {
    Decoded d;
    SF_INFO info{};
    SNDFILE* f = sf_open(path.toUtf8().constData(), SFM_READ, &info);
    if (f == nullptr) {
        return d;
    }
    d.channels = info.channels;
    d.rate = info.samplerate;
    d.format = info.format;
    d.samples.assign(std::size_t(info.channels), {});
    std::vector<float> buf(4096 * std::size_t(info.channels));
    sf_count_t n = 0;
    while ((n = sf_readf_float(f, buf.data(), 4096)) > 0) {
        for (sf_count_t i = 0; i < n; ++i) {
            for (int c = 0; c < info.channels; ++c) {
                d.samples[std::size_t(c)].push_back(buf[std::size_t(i * info.channels + c)]);
            }
        }
    }
    sf_close(f);
    return d;
}

// Over the middle of the signal (edges hold the codecs' fade-in/out): RMS and the frequency
// from upward zero crossings.
struct Tone {
    double rms = 0;
    double hz = 0;
};

Tone measure(const std::vector<float>& s, int rate) {
    const std::size_t from = std::size_t(rate) / 5;
    const std::size_t to = s.size() > from ? s.size() - from : 0;
    Tone t;
    if (to <= from) {
        return t;
    }
    double sum = 0;
    int crossings = 0;
    std::size_t first = 0;
    std::size_t last = 0;
    for (std::size_t i = from; i < to; ++i) {
        sum += double(s[i]) * s[i];
        if (s[i - 1] < 0 && s[i] >= 0) {
            if (crossings == 0) {
                first = i;
            }
            last = i;
            ++crossings;
        }
    }
    t.rms = std::sqrt(sum / double(to - from));
    if (crossings > 1) {
        t.hz = double(crossings - 1) * rate / double(last - first);
    }
    return t;
}

QString runFfmpeg(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral("ffmpeg"),
            QStringList{"-hide_banner", "-loglevel", "error", "-nostdin", "-y"} + args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        return QStringLiteral("ffmpeg %1 failed: %2")
            .arg(args.join(' '), QString::fromLocal8Bit(p.readAllStandardError()));
    }
    return {};
}

// Mono: 440 Hz. Stereo: 440 Hz left, 660 Hz right, so a swap or a mixdown shows.
QStringList sineInput(int channels, double duration) {
    const QString d = QString::number(duration);
    if (channels == 1) {
        return {"-f", "lavfi", "-i", QStringLiteral("sine=f=440:d=%1:r=%2").arg(d).arg(sourceRate)};
    }
    return {"-f", "lavfi", "-i",
            QStringLiteral("sine=f=440:d=%1:r=%2[a];sine=f=660:d=%1:r=%2[b];"
                           "[a][b]amerge=inputs=2[out0]")
                .arg(d)
                .arg(sourceRate)};
}

bool leftovers(const QString& out) {
    return QFile::exists(out) || QFile::exists(out + QStringLiteral(".part"));
}

std::string s(const QString& q) {
    return q.toStdString();
}

} // namespace

class TestAudioImport : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString in(const QString& name) const { return dir_.filePath(QStringLiteral("in-") + name); }
    QString out(const QString& name) const { return dir_.filePath(QStringLiteral("out-") + name); }

    // The fixture file in-<name>, made once.
    QString fixture(const QString& name, const QStringList& input, const QStringList& codec) {
        const QString path = in(name);
        if (!QFile::exists(path)) {
            const QString e = runFfmpeg(input + codec + QStringList{path});
            if (!e.isEmpty()) {
                qWarning("%s", qPrintable(e));
            }
        }
        return path;
    }

    // A file cut to half its bytes, as an interrupted download or copy leaves it.
    QString truncated(const QString& from, const QString& name) {
        QFile f(from);
        if (!f.open(QIODevice::ReadOnly)) {
            return {};
        }
        const QByteArray all = f.readAll();
        QFile t(in(name));
        if (!t.open(QIODevice::WriteOnly)) {
            return {};
        }
        t.write(all.left(all.size() / 2));
        return t.fileName();
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        if (QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty()) {
            QFAIL("the ffmpeg command line is needed to make the fixtures");
        }
    }

    // One codec frame of tolerance on the length, in output (48 kHz) frames: what a decoder
    // that trims priming and padding from the container's description can still be off by.
    // Lossless: 2 frames (resampler rounding).
    void importsEveryCodec_data() {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<QStringList>("codec");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("tolerance");
        QTest::addColumn<QString>("codecName");
        struct Codec {
            const char* ext;
            QStringList args;
            int tolerance;
            const char* name;
        };
        const Codec codecs[] = {
            {"wav", {"-c:a", "pcm_s16le"}, 2, "pcm_s16le"},
            {"flac", {"-c:a", "flac"}, 2, "flac"},
            {"ogg", {"-c:a", "libvorbis"}, 2048 * outRate / sourceRate, "vorbis"}, // long block
            {"mp3", {"-c:a", "libmp3lame"}, 1152 * outRate / sourceRate, "mp3"},
            {"m4a", {"-c:a", "aac"}, 1024 * outRate / sourceRate, "aac"},
            // Raw ADTS has no field for priming or padding: both stay, two frames at most.
            {"aac", {"-c:a", "aac"}, 2 * 1024 * outRate / sourceRate, "aac"},
            {"opus", {"-c:a", "libopus"}, 960, "opus"}, // 20 ms at 48 kHz
        };
        for (const Codec& c : codecs) {
            for (int channels : {1, 2}) {
                QTest::addRow("%s %s", c.ext, channels == 1 ? "mono" : "stereo")
                    << QString::fromLatin1(c.ext) << c.args << channels << c.tolerance
                    << QString::fromLatin1(c.name);
            }
        }
    }

    void importsEveryCodec() {
        QFETCH(QString, ext);
        QFETCH(QStringList, codec);
        QFETCH(int, channels);
        QFETCH(int, tolerance);
        QFETCH(QString, codecName);
        const QString name = QStringLiteral("sine%1.%2").arg(channels).arg(ext);
        const QString source = fixture(name, sineInput(channels, seconds), codec);
        QVERIFY(QFile::exists(source));
        const QString target = out(name + QStringLiteral(".flac"));

        std::vector<double> progress;
        ImportProgress p;
        p.onProgress = [&](double f) { progress.push_back(f); };
        const ImportResult r = importAudio({s(source), s(target), outRate}, p);
        QCOMPARE(QString::fromStdString(r.error), QString());
        QCOMPARE(QString::fromStdString(r.codec), codecName);
        QCOMPARE(r.channels, channels);
        QCOMPARE(r.decodeErrors, 0);
        QVERIFY(!r.cancelled);
        QVERIFY(!QFile::exists(target + QStringLiteral(".part")));

        const Decoded d = readFloat(target);
        QCOMPARE(d.rate, outRate);
        QCOMPARE(d.channels, channels);
        QCOMPARE(d.format, SF_FORMAT_FLAC | SF_FORMAT_PCM_24);
        QCOMPARE(d.frames(), r.frames);
        qInfo("%s: %lld frames, %+lld against the original (tolerance %d)", qPrintable(name),
              qlonglong(r.frames), qlonglong(r.frames - expectedFrames), tolerance);
        QVERIFY2(std::llabs(r.frames - expectedFrames) <= tolerance,
                 qPrintable(QStringLiteral("%1 frames").arg(r.frames)));
        QVERIFY(std::abs(r.claimedSeconds - seconds) < 0.1);

        for (int c = 0; c < channels; ++c) {
            const Tone t = measure(d.samples[std::size_t(c)], outRate);
            const double hz = c == 0 ? 440.0 : 660.0;
            QVERIFY2(std::abs(t.hz - hz) < hz * 0.01,
                     qPrintable(QStringLiteral("channel %1: %2 Hz").arg(c).arg(t.hz)));
            QVERIFY2(std::abs(t.rms - sineRms) < sineRms * 0.1,
                     qPrintable(QStringLiteral("channel %1: RMS %2").arg(c).arg(t.rms)));
        }

        QVERIFY(!progress.empty());
        QVERIFY(progress.size() <= 102);
        for (std::size_t i = 1; i < progress.size(); ++i) {
            QVERIFY(progress[i] >= progress[i - 1]);
        }
        QCOMPARE(progress.back(), 1.0);
    }

    // Without resampling the path is exact: every 24-bit code of a 48 kHz WAV arrives unchanged.
    void sameRatePcm24IsBitExact() {
        const QString source = in(QStringLiteral("counter.wav"));
        constexpr std::int64_t frames = 100000;
        {
            SF_INFO info{};
            info.samplerate = outRate;
            info.channels = 2;
            info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
            SNDFILE* f = sf_open(source.toUtf8().constData(), SFM_WRITE, &info);
            QVERIFY(f);
            std::vector<int> buf(std::size_t(frames) * 2);
            for (std::int64_t i = 0; i < frames; ++i) {
                for (int c = 0; c < 2; ++c) {
                    buf[std::size_t(i * 2 + c)] = int(counterValue(std::uint64_t(i), c) << 8);
                }
            }
            QCOMPARE(sf_writef_int(f, buf.data(), frames), frames);
            sf_close(f);
        }
        const QString target = out(QStringLiteral("counter.flac"));
        const ImportResult r = importAudio({s(source), s(target), outRate});
        QCOMPARE(QString::fromStdString(r.error), QString());
        QCOMPARE(r.frames, frames);
        const Pcm24 got = readPcm24(s(target));
        QVERIFY(got.ok);
        QCOMPARE(got.channels, 2);
        for (int c = 0; c < 2; ++c) {
            for (std::int64_t i = 0; i < frames; ++i) {
                const auto want = std::int32_t(counterValue(std::uint64_t(i), c));
                const std::int32_t was = got.samples[std::size_t(c)][std::size_t(i)];
                if (was != want) {
                    QFAIL(qPrintable(QStringLiteral("channel %1 frame %2: %3, expected %4 "
                                                    "(actual output kept in %5)")
                                         .arg(c)
                                         .arg(i)
                                         .arg(was)
                                         .arg(want)
                                         .arg(target)));
                }
            }
        }
    }

    void surroundIsDownmixedToStereo() {
        const QString source = fixture(QStringLiteral("sine51.flac"),
                                       {"-f", "lavfi", "-i", "sine=f=440:d=3:r=44100", "-af",
                                        "pan=5.1|FL=c0|FR=c0|FC=c0|LFE=0*c0|BL=c0|BR=c0"},
                                       {"-c:a", "flac"});
        const QString target = out(QStringLiteral("sine51.flac"));
        const ImportResult r = importAudio({s(source), s(target), outRate});
        QCOMPARE(QString::fromStdString(r.error), QString());
        QCOMPARE(r.channels, 2);
        const Decoded d = readFloat(target);
        QCOMPARE(d.channels, 2);
        for (int c = 0; c < 2; ++c) {
            const Tone t = measure(d.samples[std::size_t(c)], outRate);
            QVERIFY2(std::abs(t.hz - 440.0) < 4.4, qPrintable(QString::number(t.hz)));
            QVERIFY2(t.rms > sineRms * 0.5, qPrintable(QString::number(t.rms)));
        }
    }

    // The header promises 6 s; half the bytes hold about 3 s, and that is what is imported.
    void truncatedFilesGiveWhatDecodes_data() {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<QStringList>("codec");
        QTest::addColumn<bool>("claimsWhole");
        // FFmpeg's WAV demuxer already limits its claim to the bytes there; the MP3's Xing
        // header keeps claiming the whole.
        QTest::newRow("wav") << QStringLiteral("wav") << QStringList{"-c:a", "pcm_s16le"} << false;
        QTest::newRow("mp3") << QStringLiteral("mp3") << QStringList{"-c:a", "libmp3lame"} << true;
    }

    void truncatedFilesGiveWhatDecodes() {
        QFETCH(QString, ext);
        QFETCH(QStringList, codec);
        QFETCH(bool, claimsWhole);
        const QString whole = fixture(QStringLiteral("long.") + ext, sineInput(2, 6.0), codec);
        const QString cut = truncated(whole, QStringLiteral("cut.") + ext);
        QVERIFY(!cut.isEmpty());
        const QString target = out(QStringLiteral("cut-") + ext + QStringLiteral(".flac"));
        const ImportResult r = importAudio({s(cut), s(target), outRate});
        QCOMPARE(QString::fromStdString(r.error), QString());
        qInfo("%s cut in half: %lld frames (%.3f s), container claims %.3f s, %d decode errors",
              qPrintable(ext), qlonglong(r.frames), double(r.frames) / outRate, r.claimedSeconds,
              r.decodeErrors);
        QVERIFY2(std::abs(double(r.frames) / outRate - 3.0) < 0.1,
                 qPrintable(QString::number(r.frames)));
        QCOMPARE(readFloat(target).frames(), r.frames);
        if (claimsWhole) {
            QVERIFY(r.claimedSeconds > 5.9); // the header's figure, reported but not trusted
        }
    }

    // 8 KiB of noise over the middle of an MP3: the damaged packets are skipped and counted,
    // the rest imports, so the result is the original less about the damaged stretch.
    void damagedPacketsAreSkippedAndCounted() {
        const QString whole =
            fixture(QStringLiteral("long.mp3"), sineInput(2, 6.0), {"-c:a", "libmp3lame"});
        QFile f(whole);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        QRandomGenerator rng(99);
        for (qsizetype i = bytes.size() / 2; i < bytes.size() / 2 + 8192; ++i) {
            bytes[i] = char(rng.generate() & 0xff);
        }
        QFile damaged(in(QStringLiteral("damaged.mp3")));
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write(bytes);
        damaged.close();
        const QString target = out(QStringLiteral("damaged.flac"));
        const ImportResult r = importAudio({s(damaged.fileName()), s(target), outRate});
        QCOMPARE(QString::fromStdString(r.error), QString());
        qInfo("damaged mp3: %lld frames (%.3f s of 6), %d decode errors", qlonglong(r.frames),
              double(r.frames) / outRate, r.decodeErrors);
        QVERIFY(r.decodeErrors > 0);
        QVERIFY(r.frames > 5 * outRate && r.frames <= 6 * outRate + 1254);
        QCOMPARE(readFloat(target).frames(), r.frames);
    }

    void refusesWhatIsNotAudio_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QByteArray garbage(64 * 1024, '\0');
        QRandomGenerator rng(1234);
        for (char& b : garbage) {
            b = char(rng.generate() & 0xff);
        }
        QTest::newRow("random bytes") << QStringLiteral("garbage.mp3") << garbage;
        QTest::newRow("empty") << QStringLiteral("empty.wav") << QByteArray();
        QTest::newRow("text") << QStringLiteral("notes.txt")
                              << QByteArray("Intro: welcome to the show.\n").repeated(200);
        QTest::newRow("missing") << QStringLiteral("missing.flac") << QByteArray("<none>");
    }

    void refusesWhatIsNotAudio() {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        const QString source = in(name);
        if (content != "<none>") {
            QFile f(source);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        const QString target = out(name + QStringLiteral(".flac"));
        const ImportResult r = importAudio({s(source), s(target), outRate});
        qInfo("%s", r.error.c_str());
        QVERIFY(!r.error.empty());
        QVERIFY2(QString::fromStdString(r.error).contains(source), r.error.c_str());
        QCOMPARE(r.frames, std::int64_t(0));
        QVERIFY(!leftovers(target));
    }

    void cancelFromProgressLeavesNothing() {
        const QString source =
            fixture(QStringLiteral("long.flac"), sineInput(2, 6.0), {"-c:a", "flac"});
        const QString target = out(QStringLiteral("cancelled.flac"));
        std::atomic<bool> cancel{false};
        int calls = 0;
        ImportProgress p;
        p.cancel = &cancel;
        p.onProgress = [&](double f) {
            ++calls;
            if (f > 0.2) {
                cancel = true;
            }
        };
        const ImportResult r = importAudio({s(source), s(target), outRate}, p);
        QVERIFY(r.cancelled);
        QVERIFY(!r.error.empty());
        QVERIFY(calls > 0);
        QVERIFY(!leftovers(target));
    }

    void unwritableOutputIsExplained() {
        const QString source =
            fixture(QStringLiteral("sine1.flac"), sineInput(1, seconds), {"-c:a", "flac"});
        const QString target = dir_.filePath(QStringLiteral("no-such-folder/out.flac"));
        const ImportResult r = importAudio({s(source), s(target), outRate});
        qInfo("%s", r.error.c_str());
        QVERIFY(QString::fromStdString(r.error).contains(QStringLiteral("no-such-folder")));
        QVERIFY(!leftovers(target));
    }
};

QTEST_GUILESS_MAIN(TestAudioImport)
#include "tst_audio_import.moc"
