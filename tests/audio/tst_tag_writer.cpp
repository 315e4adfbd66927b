// Tags, cover art and chapters written by TagWriter, read back by independent readers:
// python3-mutagen for every frame and comment, ffprobe -show_chapters for what FFmpeg-based
// players see. Fixtures (encoded audio, covers) are made at test time.
#include "TagReaders.h"
#include "audio/ChaptersJson.h"
#include "audio/CoverImage.h"
#include "audio/TagWriter.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace onair::audio;
using namespace onair::test;

namespace {
std::string s(const QString& q) {
    return q.toStdString();
}

const QString unicodeTitle = QStringLiteral("Ünïcode — 日本語 🎙");

std::vector<ChapterInfo> makeChapters(int count, double duration) {
    // The first chapter at 0 s; with two or more, the last one in the final half second.
    std::vector<ChapterInfo> chapters;
    const double span = count >= 2 ? duration - 0.5 : duration;
    const int spread = count >= 2 ? count - 1 : count;
    for (int i = 0; i < count; ++i) {
        ChapterInfo c;
        c.startSeconds = i < spread ? span * i / spread : span;
        c.endSeconds = i < spread ? span * (i + 1) / spread : duration;
        c.title = i == 0 ? s(unicodeTitle) : "Chapter " + std::to_string(i + 1);
        chapters.push_back(c);
    }
    return chapters;
}

} // namespace

class TagWriterTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString jpeg_, png_;
    EpisodeTags tags_;

    QString path(const QString& name) const { return dir_.filePath(name); }

    QString encode(const QString& name, const QStringList& codec, const QStringList& extra = {}) {
        const auto out = path(name);
        QStringList args{"-v", "error", "-y", "-f", "lavfi", "-i", "sine=d=10"};
        args << extra << codec << out;
        run("ffmpeg", args);
        return out;
    }

    void checkUntouchedOnError(const QString& file, ExportFormat format) {
        const auto before = fileBytes(file);
        QVERIFY(!before.isEmpty());
        auto broken = path("broken.jpg");
        {
            QFile f(broken);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray junk(4096, '\0');
            for (auto& c : junk) {
                c = char(QRandomGenerator::global()->bounded(256));
            }
            junk[0] = 'x'; // never JPEG/PNG magic by chance
            f.write(junk);
        }
        auto tags = tags_;
        tags.coverPath = s(broken);
        auto error = writeTags(s(file), format, tags, makeChapters(2, 10));
        QVERIFY2(error.find("neither a JPEG nor a PNG") != std::string::npos, error.c_str());
        QVERIFY(error.find(s(broken)) != std::string::npos);
        tags.coverPath = s(path("missing.png"));
        error = writeTags(s(file), format, tags, {});
        QVERIFY2(error.find("missing") != std::string::npos, error.c_str());
        tags.coverPath = s(jpeg_);
        auto chapters = makeChapters(2, 10);
        chapters[1].imagePath = s(broken);
        error = writeTags(s(file), format, tags, chapters);
        QVERIFY2(error.find("Chapter 2") != std::string::npos, error.c_str());
        // Out of order chapters, and too large an image.
        auto reversed = makeChapters(3, 10);
        std::swap(reversed[0], reversed[2]);
        error = writeTags(s(file), format, tags_, reversed);
        QVERIFY2(error.find("time order") != std::string::npos, error.c_str());
        const auto huge = path("huge.jpg");
        {
            QFile f(huge);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray big(11 * 1024 * 1024, '\0');
            big[0] = char(0xFF), big[1] = char(0xD8), big[2] = char(0xFF);
            f.write(big);
        }
        tags.coverPath = s(huge);
        error = writeTags(s(file), format, tags, {});
        QVERIFY2(error.find("at most 10 MB") != std::string::npos, error.c_str());
        if (format == ExportFormat::Opus) {
            std::vector<ChapterInfo> many(1000);
            for (std::size_t i = 0; i < many.size(); ++i) {
                many[i].startSeconds = 0.005 * double(i);
            }
            error = writeTags(s(file), format, tags_, many);
            QVERIFY2(error.find("at most 999 chapters") != std::string::npos, error.c_str());
        }
        QCOMPARE(fileBytes(file), before);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QImage image(300, 300, QImage::Format_RGB32);
        QPainter painter(&image);
        QLinearGradient gradient(0, 0, 300, 300);
        gradient.setColorAt(0, Qt::darkBlue);
        gradient.setColorAt(1, Qt::yellow);
        painter.fillRect(image.rect(), gradient);
        painter.end();
        jpeg_ = path("cover.jpg");
        png_ = path("chapter.png");
        QVERIFY(image.save(jpeg_, "JPEG"));
        QVERIFY(image.scaled(64, 64).save(png_, "PNG"));

        tags_.title = s(unicodeTitle);
        tags_.artist = "Ada & Grace";
        tags_.album = "The Show";
        tags_.episode = 42;
        tags_.season = 3;
        tags_.date = "2026-11-29";
        tags_.description = "Line one\nLine two — ünï";
        tags_.publisher = "OnAir Media";
        tags_.copyright = "© 2026 OnAir";
        tags_.url = "https://example.org/ep42";
        tags_.language = "eng";
        tags_.coverPath = s(jpeg_);
    }

    void vorbisTime() {
        QCOMPARE(vorbisChapterTime(0), std::string("00:00:00.000"));
        QCOMPARE(vorbisChapterTime(3723.4567), std::string("01:02:03.457"));
        QCOMPARE(vorbisChapterTime(-1), std::string("00:00:00.000"));
    }

    void mp3_data() {
        QTest::addColumn<int>("count");
        QTest::newRow("0 chapters") << 0;
        QTest::newRow("1 chapter") << 1;
        QTest::newRow("3 chapters") << 3;
        QTest::newRow("150 chapters") << 150;
    }
    void mp3() {
        QFETCH(int, count);
        const auto file = encode(QString("ep%1.mp3").arg(count), {"-c:a", "libmp3lame"});
        auto chapters = makeChapters(count, 10);
        if (count >= 1) {
            chapters[0].url = "https://example.org/a?x=1&y=2";
            chapters[0].imagePath = s(png_);
        }
        if (count == 3) {
            // Open ends: up to the next chapter, the last to the end of the file.
            chapters[1].endSeconds = 0;
            chapters[2].endSeconds = 0;
        }
        // Twice: the second write replaces, it does not add a second set.
        QCOMPARE(writeTags(s(file), ExportFormat::Mp3, tags_, chapters), std::string());
        QCOMPARE(writeTags(s(file), ExportFormat::Mp3, tags_, chapters), std::string());

        // ID3v2.3, no flags (unsynchronisation, extended header, experimental, footer).
        const auto head = fileBytes(file).left(6);
        QCOMPARE(head, QByteArray("ID3\x03\x00\x00", 6));
        const auto m = mutagen(file, "mp3");
        QCOMPARE(m["version"].toArray(), (QJsonArray{2, 3, 0}));
        const auto text = m["text"].toObject();
        QCOMPARE(text["TIT2"].toString(), unicodeTitle);
        QCOMPARE(text["TPE1"].toString(), QString("Ada & Grace"));
        QCOMPARE(text["TALB"].toString(), QString("The Show"));
        QCOMPARE(text["TRCK"].toString(), QString("42"));
        QCOMPARE(text["TPOS"].toString(), QString("3"));
        QCOMPARE(text["TDRC"].toString().left(4), QString("2026")); // mutagen maps TYER to TDRC
        QCOMPARE(text["TCON"].toString(), QString("Podcast"));
        QCOMPARE(text["TPUB"].toString(), QString("OnAir Media"));
        QCOMPARE(text["TCOP"].toString(), QString::fromUtf8("© 2026 OnAir"));
        QCOMPARE(text["TLAN"].toString(), QString("eng"));
        QCOMPARE(m["comm"].toArray(),
                 (QJsonArray{QJsonArray{"eng", QString::fromStdString(tags_.description)}}));
        QCOMPARE(m["woaf"].toArray(), (QJsonArray{"https://example.org/ep42"}));
        QCOMPARE(m["apic"].toArray(), (QJsonArray{QJsonArray{"image/jpeg", 3, b64(jpeg_)}}));

        const auto chaps = m["chap"].toArray();
        QCOMPARE(chaps.size(), count);
        QJsonArray ids;
        for (int i = 0; i < count; ++i) {
            const auto c = chaps[i].toObject();
            const auto& e = chapters[std::size_t(i)];
            QCOMPARE(c["id"].toString(), QString("chp%1").arg(i));
            QCOMPARE(c["start"].toInt(), int(std::llround(e.startSeconds * 1000)));
            if (count == 3 && i == 1) {
                QCOMPARE(c["end"].toInt(), int(std::llround(chapters[2].startSeconds * 1000)));
            } else if (count == 3 && i == 2) {
                QVERIFY2(std::abs(c["end"].toInt() - 10000) <= 60,
                         qPrintable(QString::number(c["end"].toInt())));
            } else {
                QCOMPARE(c["end"].toInt(), int(std::llround(e.endSeconds * 1000)));
            }
            QCOMPARE(c["so"].toDouble(), 4294967295.0);
            QCOMPARE(c["eo"].toDouble(), 4294967295.0);
            QCOMPARE(c["title"].toString(), QString::fromStdString(e.title));
            QCOMPARE(c["url"].toArray(),
                     i == 0 ? QJsonArray{"https://example.org/a?x=1&y=2"} : QJsonArray{});
            QCOMPARE(c["apic"].toArray(), i == 0 ? QJsonArray{b64(png_)} : QJsonArray{});
            ids.append(QString("chp%1").arg(i));
        }
        const auto tocs = m["ctoc"].toArray();
        if (count == 0) {
            QCOMPARE(tocs.size(), 0);
        } else {
            QCOMPARE(tocs.size(), 1);
            const auto toc = tocs[0].toObject();
            QCOMPARE(toc["id"].toString(), QString("toc"));
            QCOMPARE(toc["flags"].toInt(), 3); // top-level (2) + ordered (1)
            QCOMPARE(toc["children"].toArray(), ids);
        }

        const auto probed = ffprobeChapters(file);
        QCOMPARE(probed.size(), count);
        for (int i = 0; i < count; ++i) {
            const auto c = probed[i].toObject();
            const auto& e = chapters[std::size_t(i)];
            QCOMPARE(c["start_time"].toString().toDouble(),
                     std::round(e.startSeconds * 1000) / 1000);
            if (count != 3) {
                QCOMPARE(c["end_time"].toString().toDouble(),
                         std::round(e.endSeconds * 1000) / 1000);
            }
            QCOMPARE(c["tags"].toObject()["title"].toString(), QString::fromStdString(e.title));
        }
        // Still decodes to the full length.
        QVERIFY(decodesCleanly(file));
    }

    void opus_data() {
        QTest::addColumn<int>("count");
        QTest::newRow("0 chapters") << 0;
        QTest::newRow("1 chapter") << 1;
        QTest::newRow("150 chapters") << 150;
    }
    void opus() {
        QFETCH(int, count);
        const auto file = encode(QString("ep%1.opus").arg(count), {"-c:a", "libopus"});
        auto chapters = makeChapters(count, 10);
        if (count >= 1) {
            chapters[0].url = "https://example.org/a";
        }
        QCOMPARE(writeTags(s(file), ExportFormat::Opus, tags_, chapters), std::string());
        QCOMPARE(writeTags(s(file), ExportFormat::Opus, tags_, chapters), std::string());
        const auto m = mutagen(file, "opus");
        QMultiMap<QString, QString> fields;
        QStringList chapterKeys;
        for (const auto& pair : m["comments"].toArray()) {
            const auto key = pair.toArray()[0].toString().toUpper();
            fields.insert(key, pair.toArray()[1].toString());
            if (key.startsWith("CHAPTER")) {
                chapterKeys << key;
            }
        }
        QCOMPARE(fields.values("TITLE"), QStringList{unicodeTitle});
        QCOMPARE(fields.values("ARTIST"), QStringList{"Ada & Grace"});
        QCOMPARE(fields.values("ALBUM"), QStringList{"The Show"});
        QCOMPARE(fields.values("TRACKNUMBER"), QStringList{"42"});
        QCOMPARE(fields.values("DISCNUMBER"), QStringList{"3"});
        QCOMPARE(fields.values("DATE"), QStringList{"2026-11-29"});
        QCOMPARE(fields.values("DESCRIPTION"),
                 QStringList{QString::fromStdString(tags_.description)});
        QCOMPARE(fields.values("GENRE"), QStringList{"Podcast"});
        QCOMPARE(fields.values("ORGANIZATION"), QStringList{"OnAir Media"});
        QCOMPARE(fields.values("COPYRIGHT"), QStringList{QString::fromUtf8("© 2026 OnAir")});
        QCOMPARE(fields.values("CONTACT"), QStringList{"https://example.org/ep42"});
        QCOMPARE(fields.values("LANGUAGE"), QStringList{"eng"});
        QCOMPARE(m["pictures"].toArray(), (QJsonArray{QJsonArray{"image/jpeg", 3, b64(jpeg_)}}));

        // Exactly CHAPTERnnn, CHAPTERnnnNAME[, CHAPTERnnnURL] per chapter, in this order.
        QStringList expectedKeys;
        for (int i = 0; i < count; ++i) {
            const auto n = QString("CHAPTER%1").arg(i + 1, 3, 10, QChar('0'));
            expectedKeys << n << n + "NAME";
            if (i == 0) {
                expectedKeys << n + "URL";
            }
            const auto& e = chapters[std::size_t(i)];
            QCOMPARE(fields.values(n),
                     QStringList{QString::fromStdString(vorbisChapterTime(e.startSeconds))});
            QCOMPARE(fields.values(n + "NAME"), QStringList{QString::fromStdString(e.title)});
        }
        QCOMPARE(chapterKeys, expectedKeys);
        // FFmpeg reads CHAPTERnnn only when the time comes before the name.
        const auto probed = ffprobeChapters(file);
        QCOMPARE(probed.size(), count);
        for (int i = 0; i < count; ++i) {
            const auto c = probed[i].toObject();
            const auto& e = chapters[std::size_t(i)];
            QCOMPARE(c["start_time"].toString().toDouble(),
                     std::round(e.startSeconds * 1000) / 1000);
            QCOMPARE(c["tags"].toObject()["title"].toString(), QString::fromStdString(e.title));
        }
        if (count >= 2) {
            QCOMPARE(fields.values("CHAPTER001"), QStringList{"00:00:00.000"});
            QCOMPARE(fields.values(QString("CHAPTER%1").arg(count)), QStringList{"00:00:09.500"});
        }
        QVERIFY(decodesCleanly(file));
    }

    void m4a_data() {
        QTest::addColumn<bool>("faststart");
        QTest::newRow("moov at the end") << false;
        QTest::newRow("faststart: moov before mdat") << true;
    }
    void m4a() {
        QFETCH(bool, faststart);
        const auto meta = path("chapters.ffmeta");
        {
            QFile f(meta);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(";FFMETADATA1\n"
                    "[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=4000\ntitle=Intro\n"
                    "[CHAPTER]\nTIMEBASE=1/1000\nSTART=4000\nEND=9500\ntitle=Ünïcode — 日本語\n"
                    "[CHAPTER]\nTIMEBASE=1/1000\nSTART=9500\nEND=10000\ntitle=Outro\n");
        }
        QStringList codec{"-i", meta, "-map_metadata", "1", "-map_chapters", "1", "-c:a", "aac"};
        if (faststart) {
            codec << "-movflags"
                  << "+faststart";
        }
        const auto file = encode(faststart ? "fast.m4a" : "ep.m4a", codec);
        const auto before = ffprobeChapters(file);
        QCOMPARE(before.size(), 3);
        const auto trackTitlesBefore =
            run("/usr/bin/python3", {"-c", quickTimeChapterTitles, file});
        QCOMPARE(trackTitlesBefore.trimmed(),
                 QStringLiteral("[\"Intro\", \"Ünïcode — 日本語\", \"Outro\"]"));

        auto tags = tags_;
        tags.coverPath = s(png_);
        QCOMPARE(writeTags(s(file), ExportFormat::M4a, tags, {}), std::string());
        QCOMPARE(ffprobeChapters(file), before);
        QCOMPARE(run("/usr/bin/python3", {"-c", quickTimeChapterTitles, file}), trackTitlesBefore);
        const auto t = mutagen(file, "m4a")["tags"].toObject();
        QCOMPARE(t["\u00a9nam"].toArray(), QJsonArray{unicodeTitle});
        QCOMPARE(t["\u00a9ART"].toArray(), QJsonArray{"Ada & Grace"});
        QCOMPARE(t["\u00a9alb"].toArray(), QJsonArray{"The Show"});
        QCOMPARE(t["\u00a9day"].toArray(), QJsonArray{"2026-11-29"});
        QCOMPARE(t["\u00a9gen"].toArray(), QJsonArray{"Podcast"});
        QCOMPARE(t["desc"].toArray(), QJsonArray{QString::fromStdString(tags_.description)});
        QCOMPARE(t["cprt"].toArray(), QJsonArray{QString::fromUtf8("© 2026 OnAir")});
        QCOMPARE(t["trkn"].toArray(), (QJsonArray{QJsonArray{42, 0}}));
        QCOMPARE(t["disk"].toArray(), (QJsonArray{QJsonArray{3, 0}}));
        QCOMPARE(t["covr"].toArray(), (QJsonArray{QJsonArray{14, b64(png_)}})); // 14: PNG
        QVERIFY(decodesCleanly(file));
    }

    void badImagesLeaveFilesUntouched() {
        checkUntouchedOnError(encode("bad.mp3", {"-c:a", "libmp3lame"}), ExportFormat::Mp3);
        checkUntouchedOnError(encode("bad.opus", {"-c:a", "libopus"}), ExportFormat::Opus);
        checkUntouchedOnError(encode("bad.m4a", {"-c:a", "aac"}), ExportFormat::M4a);
        QVERIFY(!writeTags(s(path("nothing.mp3")), ExportFormat::Mp3, tags_, {}).empty());
    }

    // A picture cut off in transfer is refused; complete ones with the things real files carry
    // (an EXIF thumbnail, progressive scans, bytes after the end) are not.
    void incompleteImagesAreRefused() {
        const auto writeBytes = [this](const QString& name, const QByteArray& bytes) {
            QFile f(path(name));
            f.open(QIODevice::WriteOnly);
            f.write(bytes);
            return s(path(name));
        };
        const auto check = [](const std::string& file) {
            CoverImage image;
            return readCoverImage(file, image);
        };
        const QByteArray jpeg = fileBytes(jpeg_);
        const QByteArray png = fileBytes(png_);
        QByteArray progressive;
        {
            QBuffer buffer(&progressive);
            buffer.open(QIODevice::WriteOnly);
            QImageWriter writer(&buffer, "JPEG");
            writer.setProgressiveScanWrite(true);
            QVERIFY(writer.write(QImage(jpeg_)));
        }
        // An APP1 segment holding a small JPEG after SOI, as EXIF thumbnails are.
        QByteArray thumbnail;
        {
            QBuffer buffer(&thumbnail);
            buffer.open(QIODevice::WriteOnly);
            QVERIFY(QImage(jpeg_).scaled(32, 32).save(&buffer, "JPEG"));
        }
        const int app1Length = int(thumbnail.size()) + 8;
        const QByteArray withThumbnail = jpeg.left(2) + QByteArray("\xFF\xE1") +
                                         char(app1Length >> 8) + char(app1Length & 0xFF) +
                                         QByteArray("Exif\0\0", 6) + thumbnail + jpeg.mid(2);
        QByteArray trailer(4096, '\0');
        for (int i = 0; i < trailer.size(); ++i) {
            trailer[i] = char(i % 2 == 0 ? 0xFF : 0xDA); // SOS markers after the end, no EOI
        }
        const QList<std::pair<const char*, QByteArray>> complete{
            {"plain.jpg", jpeg},         {"progressive.jpg", progressive},
            {"exif.jpg", withThumbnail}, {"trailer.jpg", jpeg + trailer},
            {"plain.png", png},          {"trailer.png", png + QByteArray(100, 'x')}};
        for (const auto& [name, bytes] : complete) {
            const std::string error = check(writeBytes(name, bytes));
            QVERIFY2(error.empty(), (std::string(name) + ": " + error).c_str());
        }
        const QList<std::pair<const char*, QByteArray>> cut{
            {"cut.jpg", jpeg.left(jpeg.size() * 3 / 5)},
            {"cut-progressive.jpg", progressive.left(progressive.size() * 3 / 5)},
            // The thumbnail's own EOI must not make the cut main picture pass.
            {"cut-exif.jpg", withThumbnail.left(withThumbnail.size() - 200)},
            {"cut.png", png.left(png.size() - 20)}};
        for (const auto& [name, bytes] : cut) {
            const std::string error = check(writeBytes(name, bytes));
            QVERIFY2(error.find("is cut off") != std::string::npos,
                     (std::string(name) + ": " + error).c_str());
        }
    }

    void chaptersJsonParses() {
        std::vector<ChapterInfo> chapters(3);
        chapters[0] = {0.0, 12.5, "Quote \" backslash \\ tab\t nl\n bell\a", "", ""};
        chapters[1] = {12.5, 60.0, s(unicodeTitle) + "\u2028", "https://example.org/?a=1&b=\"2\"",
                       s(png_)};
        chapters[2] = {60.0, 0.0, std::string("bad \xff utf8 \xc3"), "", ""};
        const auto json = chaptersJson(chapters, [](const ChapterInfo& c) {
            return "https://cdn.example.org/" + c.title.substr(0, 3) + ".png";
        });
        const char* script = "import sys, json\n"
                             "print(json.dumps(json.loads(sys.stdin.read()), ensure_ascii=True))";
        QProcess p;
        p.start("/usr/bin/python3", {"-c", script});
        p.write(QByteArray::fromStdString(json));
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished());
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const auto doc = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(doc["version"].toString(), QString("1.2.0"));
        const auto list = doc["chapters"].toArray();
        QCOMPARE(list.size(), 3);
        const auto c0 = list[0].toObject();
        QCOMPARE(c0["startTime"].toDouble(), 0.0);
        QCOMPARE(c0["endTime"].toDouble(), 12.5);
        QCOMPARE(c0["title"].toString(), QString::fromStdString(chapters[0].title));
        QVERIFY(!c0.contains("url"));
        QVERIFY(!c0.contains("img"));
        const auto c1 = list[1].toObject();
        QCOMPARE(c1["startTime"].toDouble(), 12.5);
        QCOMPARE(c1["title"].toString(), unicodeTitle + QChar(0x2028));
        QCOMPARE(c1["url"].toString(), QString("https://example.org/?a=1&b=\"2\""));
        QCOMPARE(c1["img"].toString(), QString("https://cdn.example.org/") +
                                           QString::fromStdString(chapters[1].title.substr(0, 3)) +
                                           ".png");
        const auto c2 = list[2].toObject();
        QCOMPARE(c2["startTime"].toDouble(), 60.0);
        QVERIFY(!c2.contains("endTime"));
        QCOMPARE(c2["title"].toString(), QString::fromUtf8("bad \xef\xbf\xbd utf8 \xef\xbf\xbd"));
        QCOMPARE(chaptersJson({}), std::string("{\"version\":\"1.2.0\",\"chapters\":[]}\n"));
    }
};

QTEST_MAIN(TagWriterTest)
#include "tst_tag_writer.moc"
