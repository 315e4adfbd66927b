// AudioEncoder: every export format, checked by independent readers (the ffprobe and ffmpeg
// command lines): codec, channels, rate, decoded length within one codec frame, the 440 Hz sine
// coming back at its level, MP3's Xing/LAME frame and CBR bitrate, M4A chapters; abort() and
// unwritable paths leave nothing behind. On failure the encoded file is kept and its path printed.
#include "audio/AudioEncoder.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstring>
#include <numbers>
#include <vector>

using namespace onair::audio;

namespace {

constexpr double seconds = 10.0;
constexpr double amplitude = 0.5;
constexpr double toneHz = 440.0;

std::vector<float> sine(int channels, int rate, double length) {
    const auto frames = std::size_t(std::llround(length * rate));
    std::vector<float> pcm(frames * std::size_t(channels));
    for (std::size_t i = 0; i < frames; ++i) {
        const auto v =
            float(amplitude * std::sin(2.0 * std::numbers::pi * toneHz * double(i) / rate));
        for (int c = 0; c < channels; ++c) {
            pcm[i * std::size_t(channels) + std::size_t(c)] = v;
        }
    }
    return pcm;
}

// Writes in uneven blocks, as the render thread does, so FIFO and frame splitting are exercised.
std::string encode(const QString& path, const EncoderSettings& settings, int inputRate,
                   const std::vector<ChapterInfo>& chapters = {}) {
    const std::vector<float> pcm = sine(settings.channels, inputRate, seconds);
    AudioEncoder encoder;
    if (std::string e = encoder.open(path.toStdString(), settings, inputRate, chapters);
        !e.empty()) {
        return e;
    }
    const std::size_t frames = pcm.size() / std::size_t(settings.channels);
    std::size_t done = 0;
    for (std::size_t block = 1000; done < frames; block = block * 7 % 5003 + 1) {
        const std::size_t n = std::min(block, frames - done);
        if (std::string e = encoder.write(pcm.data() + done * std::size_t(settings.channels), n);
            !e.empty()) {
            return e;
        }
        done += n;
    }
    return encoder.finish();
}

QByteArray run(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning() << program << args << "failed:" << p.readAllStandardError();
        return {};
    }
    return p.readAllStandardOutput();
}

QJsonObject probe(const QString& path) {
    return QJsonDocument::fromJson(run("ffprobe", {"-v", "error", "-show_streams", "-show_format",
                                                   "-show_chapters", "-of", "json", path}))
        .object();
}

// ffmpeg's decoders trim priming and padding from the container's information.
std::vector<float> decode(const QString& path) {
    const QByteArray raw = run("ffmpeg", {"-v", "error", "-i", path, "-f", "f32le", "-"});
    std::vector<float> out(std::size_t(raw.size()) / sizeof(float));
    std::memcpy(out.data(), raw.constData(), out.size() * sizeof(float));
    return out;
}

// The Xing/Info frame's frame count and the LAME tag's encoder delay and padding (LAME's
// "Mp3 info tag" layout: the LAME tag starts 120 bytes after "Xing" when all 4 flags are set).
struct XingInfo {
    bool found = false;
    bool vbr = false;
    std::uint32_t frames = 0;
    int delay = 0;
    int padding = 0;
};

XingInfo readXing(const QByteArray& file) {
    XingInfo x;
    const QByteArray head = file.left(16384);
    qsizetype at = head.indexOf("Xing");
    x.vbr = at >= 0;
    if (at < 0) {
        at = head.indexOf("Info");
    }
    if (at < 0 || at + 144 > head.size()) {
        return x;
    }
    const auto* b = reinterpret_cast<const unsigned char*>(head.constData() + at);
    const std::uint32_t flags = (b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7];
    if (flags != 0xf) {
        return x;
    }
    x.found = true;
    x.frames = (std::uint32_t(b[8]) << 24) | (b[9] << 16) | (b[10] << 8) | b[11];
    const unsigned char* lame = b + 120;
    x.delay = (lame[21] << 4) | (lame[22] >> 4);
    x.padding = ((lame[22] & 0xf) << 8) | lame[23];
    return x;
}

struct Tone {
    double rms = 0.0;
    double amplitudeAt440 = 0.0; // projection on 440 Hz: the sine, not just any energy
};

// Seconds 1-9 only: codec ramps at the edges are not the point here.
Tone measure(const std::vector<float>& pcm, int channels, int channel, int rate) {
    double sum = 0.0, re = 0.0, im = 0.0;
    const auto first = std::size_t(rate), last = std::size_t(9 * rate);
    for (std::size_t i = first; i < last; ++i) {
        const double x = pcm[i * std::size_t(channels) + std::size_t(channel)];
        const double phase = 2.0 * std::numbers::pi * toneHz * double(i) / rate;
        sum += x * x;
        re += x * std::cos(phase);
        im += x * std::sin(phase);
    }
    const double n = double(last - first);
    return {std::sqrt(sum / n), 2.0 * std::hypot(re, im) / n};
}

double db(double ratio) {
    return 20.0 * std::log10(ratio);
}

} // namespace

class TestAudioEncoder : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

private slots:
    void cleanup() {
        if (QTest::currentTestFailed()) {
            dir_.setAutoRemove(false);
            qInfo() << "encoded files kept in" << dir_.path();
        }
    }

    void formats_data() {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("inputRate");
        QTest::addColumn<int>("fileRate");
        QTest::addColumn<int>("kbps");
        QTest::addColumn<bool>("vbr");
        QTest::addColumn<QString>("codec");
        QTest::addColumn<int>("frameSize");
        const int mp3 = int(ExportFormat::Mp3), opus = int(ExportFormat::Opus),
                  m4a = int(ExportFormat::M4a);
        QTest::newRow("mp3 cbr stereo 48k")
            << mp3 << 2 << 48000 << 48000 << 128 << false << "mp3" << 1152;
        QTest::newRow("mp3 cbr mono 48k->44.1k")
            << mp3 << 1 << 48000 << 44100 << 96 << false << "mp3" << 1152;
        QTest::newRow("mp3 vbr stereo 48k")
            << mp3 << 2 << 48000 << 48000 << 130 << true << "mp3" << 1152;
        QTest::newRow("opus 96k stereo")
            << opus << 2 << 48000 << 48000 << 96 << false << "opus" << 960;
        QTest::newRow("opus 64k mono 44.1k->48k")
            << opus << 1 << 44100 << 48000 << 64 << false << "opus" << 960;
        QTest::newRow("m4a aac 128k stereo")
            << m4a << 2 << 48000 << 48000 << 128 << false << "aac" << 1024;
    }

    void formats() {
        QFETCH(int, format);
        QFETCH(int, channels);
        QFETCH(int, inputRate);
        QFETCH(int, fileRate);
        QFETCH(int, kbps);
        QFETCH(bool, vbr);
        QFETCH(QString, codec);
        QFETCH(int, frameSize);
        const char* ext[] = {"mp3", "opus", "m4a"};
        const QString path =
            dir_.filePath(QString("%1.%2").arg(QTest::currentDataTag()).arg(ext[format]));
        const EncoderSettings settings{ExportFormat(format), channels, fileRate, kbps, vbr};
        const std::string error = encode(path, settings, inputRate);
        QVERIFY2(error.empty(), error.c_str());
        qInfo() << "encoded" << path;

        const QJsonObject info = probe(path);
        const QJsonObject stream = info["streams"].toArray().at(0).toObject();
        QCOMPARE(stream["codec_name"].toString(), codec);
        QCOMPARE(stream["channels"].toInt(), channels);
        QCOMPARE(stream["sample_rate"].toString().toInt(), fileRate);

        const std::vector<float> pcm = decode(path);
        const auto frames = std::int64_t(pcm.size()) / channels;
        const auto expected = std::int64_t(seconds * fileRate);
        qInfo() << "decoded frames" << frames << "expected" << expected << "ffprobe duration"
                << info["format"].toObject()["duration"].toString() << "start"
                << stream["start_time"].toString() << "bit_rate"
                << info["format"].toObject()["bit_rate"].toString();
        // MP3 (LAME tag) and Opus (pre-skip, final granule) are trimmed exactly by ffmpeg; its mov
        // demuxer trims the AAC priming by the edit list but not the end padding.
        const int tolerance = ExportFormat(format) == ExportFormat::M4a ? frameSize : 0;
        QVERIFY2(std::llabs(frames - expected) <= tolerance,
                 qPrintable(QString("decoded %1 frames, expected %2 +- %3")
                                .arg(frames)
                                .arg(expected)
                                .arg(tolerance)));
        const double probed = info["format"].toObject()["duration"].toString().toDouble();
        if (ExportFormat(format) != ExportFormat::Mp3) {
            QVERIFY2(std::abs(probed - seconds) <= double(frameSize) / fileRate,
                     qPrintable(QString("ffprobe duration %1 s").arg(probed)));
        }

        for (int c = 0; c < channels; ++c) {
            const Tone tone = measure(pcm, channels, c, fileRate);
            const double wantRms = amplitude / std::sqrt(2.0);
            QVERIFY2(
                std::abs(db(tone.rms / wantRms)) < 1.0,
                qPrintable(
                    QString("channel %1 RMS %2, expected %3").arg(c).arg(tone.rms).arg(wantRms)));
            QVERIFY2(
                std::abs(db(tone.amplitudeAt440 / amplitude)) < 1.0,
                qPrintable(
                    QString("channel %1: 440 Hz amplitude %2").arg(c).arg(tone.amplitudeAt440)));
        }

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        if (ExportFormat(format) == ExportFormat::Mp3) {
            QVERIFY2(bytes.startsWith(QByteArray("ID3\x03", 4)), "no ID3v2.3 header");
            const XingInfo xing = readXing(bytes);
            QVERIFY2(xing.found, "no Xing/Info frame: players would estimate the duration");
            QCOMPARE(xing.vbr, vbr); // "Xing" for VBR, "Info" for CBR
            // The LAME tag's delay and padding make the exact length for gapless players;
            // ffprobe's duration is the Xing frame count, priming and padding included.
            qInfo() << "Xing frames" << xing.frames << "delay" << xing.delay << "padding"
                    << xing.padding;
            QCOMPARE(std::int64_t(xing.frames) * frameSize - xing.delay - xing.padding, expected);
            QVERIFY2(
                std::abs(probed - double(xing.frames) * frameSize / fileRate) < 0.001,
                qPrintable(QString("ffprobe duration %1 s is not the Xing header's").arg(probed)));
            if (!vbr) {
                QCOMPARE(stream["bit_rate"].toString().toInt(), kbps * 1000);
            } else {
                QVERIFY(bytes.left(8192).contains("Xing")); // VBR: Xing, CBR: Info
            }
        }
        if (!vbr && ExportFormat(format) != ExportFormat::Opus) {
            const double rate = info["format"].toObject()["bit_rate"].toString().toDouble();
            QVERIFY2(std::abs(rate / (kbps * 1000.0) - 1.0) < 0.1,
                     qPrintable(QString("bitrate %1 b/s, set %2 kb/s").arg(rate).arg(kbps)));
        }
    }

    void m4aChapters() {
        const QString path = dir_.filePath("chapters.m4a");
        const std::vector<ChapterInfo> chapters = {
            {0.0, 3.0, "Intro", {}, {}},
            {3.0, 6.5, "Über Café — 日本語 🎙", {}, {}},
            {6.5, 10.0, "Outro", {}, {}},
        };
        const std::string error =
            encode(path, {ExportFormat::M4a, 2, 48000, 128, false}, 48000, chapters);
        QVERIFY2(error.empty(), error.c_str());
        const QJsonArray got = probe(path)["chapters"].toArray();
        QCOMPARE(got.size(), 3);
        for (int i = 0; i < 3; ++i) {
            const QJsonObject c = got.at(i).toObject();
            QCOMPARE(c["tags"].toObject()["title"].toString(),
                     QString::fromStdString(chapters[std::size_t(i)].title));
            QVERIFY2(std::abs(c["start_time"].toString().toDouble() -
                              chapters[std::size_t(i)].startSeconds) < 0.01,
                     qPrintable(c["start_time"].toString()));
        }
    }

    void abortLeavesNoFile() {
        const QString path = dir_.filePath("aborted.mp3");
        const std::vector<float> pcm = sine(2, 48000, 1.0);
        {
            AudioEncoder encoder;
            QCOMPARE(encoder.open(path.toStdString(), {}, 48000), std::string());
            QCOMPARE(encoder.write(pcm.data(), pcm.size() / 2), std::string());
            QVERIFY(QFile::exists(path));
            encoder.abort();
            QVERIFY(!QFile::exists(path));
            QVERIFY(!encoder.write(pcm.data(), 10).empty()); // closed
        }
        {
            AudioEncoder encoder; // destroyed unfinished: same as abort()
            QCOMPARE(
                encoder.open(path.toStdString(), {ExportFormat::M4a, 2, 48000, 128, false}, 48000),
                std::string());
            QCOMPARE(encoder.write(pcm.data(), pcm.size() / 2), std::string());
        }
        QVERIFY(!QFile::exists(path));
    }

    void errorsAreExplained() {
        AudioEncoder encoder;
        const std::string missingDir = dir_.filePath("no-such-folder/out.mp3").toStdString();
        std::string e = encoder.open(missingDir, {}, 48000);
        qInfo() << e.c_str();
        QVERIFY(e.find("cannot create") != std::string::npos);
        QVERIFY(e.find(missingDir) != std::string::npos);
        e = encoder.open(dir_.path().toStdString(), {}, 48000); // a folder, not a file
        qInfo() << e.c_str();
        QVERIFY(!e.empty());
        QVERIFY(QFileInfo(dir_.path()).isDir());
        e = encoder.open(dir_.filePath("x.mp3").toStdString(), {ExportFormat::Mp3, 6}, 48000);
        qInfo() << e.c_str();
        QVERIFY(!e.empty());
        e = encoder.open(dir_.filePath("x.opus").toStdString(),
                         {ExportFormat::Opus, 2, 48000, 500, false}, 48000);
        qInfo() << e.c_str();
        QVERIFY(!e.empty());
        e = encoder.open(dir_.filePath("x.mp3").toStdString(), {ExportFormat::Mp3, 2, 96000},
                         48000);
        qInfo() << e.c_str();
        QVERIFY(!e.empty());
        QVERIFY(!QFile::exists(dir_.filePath("x.mp3")));
        QVERIFY(!encoder.finish().empty()); // not open
    }
};

QTEST_GUILESS_MAIN(TestAudioEncoder)
#include "tst_audio_encoder.moc"
