// TagLib as a third independent reader of what onair-cli export writes (beside ffprobe and
// mutagen): the real CLI exports a small episode it built (three chapters: one at 0 s, one in
// the last second, Unicode titles; an author and show outside Latin-1; a JPEG cover), and this
// test opens the files with TagLib's own classes, not through OnAir's code (it does not link
// onair_audio): MPEG::File (ID3v2.3 header, TIT2/TPE1, APIC, CHAP with its times in ms and
// embedded TIT2, CTOC), Ogg::Opus::File (the Xiph comment's CHAPTERnnn fields, the picture)
// and MP4::File (©nam, ©ART, ©alb, covr).
#include "SmallEpisode.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <taglib/attachedpictureframe.h>
#include <taglib/chapterframe.h>
#include <taglib/flacpicture.h>
#include <taglib/id3v2tag.h>
#include <taglib/mp4file.h>
#include <taglib/mpegfile.h>
#include <taglib/opusfile.h>
#include <taglib/tableofcontentsframe.h>
#include <taglib/textidentificationframe.h>
#include <taglib/xiphcomment.h>

using namespace onair::test;

namespace {

const QString episodeTitle = QStringLiteral("Zoë's 日本語 episode 🎙");
const QString author = QStringLiteral("Ada Łovelace & 李白");
const QString show = QStringLiteral("Ünïcode Radio");
const QList<SmallChapter> chapters{{0.0, QStringLiteral("Intro — Café")},
                                   {2.5, QStringLiteral("日本語の章 🎙")},
                                   {5.5, QStringLiteral("Outro (last second)")}};
constexpr double episodeLength = 6.0;

QString q(const TagLib::String& s) {
    return QString::fromStdString(s.to8Bit(true));
}

QByteArray bytes(const TagLib::ByteVector& v) {
    return QByteArray(v.data(), int(v.size()));
}

unsigned int ms(double seconds) {
    return unsigned(std::lround(seconds * 1000.0));
}

} // namespace

class TestExportTagLib : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString base_; // the exported files without extension
    QByteArray cover_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QString cli = binaryFromEnv("ONAIR_CLI");
        const QString episode = dir_.filePath("TagLib.onair");
        QCOMPARE(makeSmallEpisode(cli, episode, episodeTitle, episodeLength, chapters), QString());
        const ProcessResult jpeg =
            runProcess("ffmpeg", {"-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x320",
                                  "-frames:v", "1", episode + "/cover.jpg"});
        QVERIFY2(jpeg.exitCode == 0, qPrintable(jpeg.err));
        QFile coverFile(episode + "/cover.jpg");
        QVERIFY(coverFile.open(QIODevice::ReadOnly));
        cover_ = coverFile.readAll();
        QVERIFY(setEpisodeDetails(
            episode, {{"author", author}, {"show", show}, {"episode", 7}, {"cover", "cover.jpg"}}));
        const QString out = dir_.filePath("out");
        const ProcessResult r = runProcess(
            cli, {"export", episode, "--format", "mp3,opus,m4a", "--out", out, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray files =
            QJsonDocument::fromJson(r.out.toUtf8()).object().value("files").toArray();
        QCOMPARE(files.size(), 4);
        base_ = files.at(0).toString().chopped(4);
        QCOMPARE(base_, out + "/" + episodeTitle);
    }

    void mp3() {
        TagLib::MPEG::File file(QFile::encodeName(base_ + ".mp3").constData());
        QVERIFY(file.isValid());
        QVERIFY(file.hasID3v2Tag());
        TagLib::ID3v2::Tag* id3 = file.ID3v2Tag();
        QCOMPARE(id3->header()->majorVersion(), 3u);
        QVERIFY(!id3->header()->extendedHeader());
        QVERIFY(!id3->header()->unsynchronisation());
        QCOMPARE(q(id3->title()), episodeTitle);
        QCOMPARE(q(id3->artist()), author);
        QCOMPARE(q(id3->album()), show);
        QCOMPARE(id3->track(), 7u);
        const TagLib::ID3v2::FrameListMap& frames = id3->frameListMap();
        QCOMPARE(frames["TIT2"].size(), 1u);
        QCOMPARE(frames["APIC"].size(), 1u);
        auto* apic = dynamic_cast<TagLib::ID3v2::AttachedPictureFrame*>(frames["APIC"].front());
        QVERIFY(apic != nullptr);
        QCOMPARE(apic->type(), TagLib::ID3v2::AttachedPictureFrame::FrontCover);
        QCOMPARE(q(apic->mimeType()), QStringLiteral("image/jpeg"));
        QVERIFY(bytes(apic->picture()) == cover_);

        const unsigned int lengthMs = unsigned(file.audioProperties()->lengthInMilliseconds());
        QVERIFY2(std::abs(int(lengthMs) - int(ms(episodeLength))) <= 30,
                 qPrintable(QString::number(lengthMs)));
        const TagLib::ID3v2::FrameList& chap = frames["CHAP"];
        QCOMPARE(chap.size(), unsigned(chapters.size()));
        int i = 0;
        for (auto* frame : chap) {
            auto* c = dynamic_cast<TagLib::ID3v2::ChapterFrame*>(frame);
            QVERIFY(c != nullptr);
            QCOMPARE(q(TagLib::String(c->elementID())), QStringLiteral("chp%1").arg(i));
            QCOMPARE(c->startTime(), ms(chapters[i].at));
            // The last ends with the episode (TagLib's length counts the MP3's padding too).
            const unsigned int end =
                i + 1 < chapters.size() ? ms(chapters[i + 1].at) : ms(episodeLength);
            QCOMPARE(c->endTime(), end);
            QCOMPARE(c->startOffset(), 0xFFFFFFFFu);
            QCOMPARE(c->endOffset(), 0xFFFFFFFFu);
            const TagLib::ID3v2::FrameList& titles = c->embeddedFrameList("TIT2");
            QCOMPARE(titles.size(), 1u);
            QCOMPARE(q(titles.front()->toString()), chapters[i].title);
            ++i;
        }
        const TagLib::ID3v2::FrameList& ctoc = frames["CTOC"];
        QCOMPARE(ctoc.size(), 1u);
        auto* toc = dynamic_cast<TagLib::ID3v2::TableOfContentsFrame*>(ctoc.front());
        QVERIFY(toc != nullptr);
        QVERIFY(toc->isTopLevel());
        QVERIFY(toc->isOrdered());
        const TagLib::ByteVectorList children = toc->childElements();
        QCOMPARE(children.size(), unsigned(chapters.size()));
        for (unsigned k = 0; k < children.size(); ++k) {
            QCOMPARE(q(TagLib::String(children[k])), QStringLiteral("chp%1").arg(k));
        }
    }

    void opus() {
        TagLib::Ogg::Opus::File file(QFile::encodeName(base_ + ".opus").constData());
        QVERIFY(file.isValid());
        QCOMPARE(file.audioProperties()->sampleRate(), 48000);
        QVERIFY(std::abs(file.audioProperties()->lengthInMilliseconds() - 6000) <= 30);
        TagLib::Ogg::XiphComment* xiph = file.tag();
        QCOMPARE(q(xiph->title()), episodeTitle);
        QCOMPARE(q(xiph->artist()), author);
        QCOMPARE(q(xiph->album()), show);
        const TagLib::Ogg::FieldListMap& fields = xiph->fieldListMap();
        int chapterFields = 0;
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            chapterFields += it->first.startsWith("CHAPTER") ? 1 : 0;
        }
        QCOMPARE(chapterFields, 2 * int(chapters.size())); // a time and a name each, no URL
        for (int i = 0; i < chapters.size(); ++i) {
            const TagLib::String key(
                QStringLiteral("CHAPTER%1").arg(i + 1, 3, 10, QChar('0')).toStdString());
            QVERIFY2(fields.contains(key), key.toCString());
            const double at = chapters[i].at;
            const QString time = QStringLiteral("00:00:%1.%2")
                                     .arg(int(at), 2, 10, QChar('0'))
                                     .arg(int(ms(at) % 1000), 3, 10, QChar('0'));
            QCOMPARE(q(fields[key].front()), time);
            QCOMPARE(q(fields[key + "NAME"].front()), chapters[i].title);
        }
        const auto pictures = xiph->pictureList();
        QCOMPARE(pictures.size(), 1u);
        QCOMPARE(pictures.front()->type(), TagLib::FLAC::Picture::FrontCover);
        QCOMPARE(q(pictures.front()->mimeType()), QStringLiteral("image/jpeg"));
        QVERIFY(bytes(pictures.front()->data()) == cover_);
    }

    void m4a() {
        TagLib::MP4::File file(QFile::encodeName(base_ + ".m4a").constData());
        QVERIFY(file.isValid());
        QVERIFY(std::abs(file.audioProperties()->lengthInMilliseconds() - 6000) <= 30);
        TagLib::MP4::Tag* mp4 = file.tag();
        QCOMPARE(q(mp4->item("\251nam").toStringList().front()), episodeTitle);
        QCOMPARE(q(mp4->item("\251ART").toStringList().front()), author);
        QCOMPARE(q(mp4->item("\251alb").toStringList().front()), show);
        QCOMPARE(q(mp4->item("\251gen").toStringList().front()), QStringLiteral("Podcast"));
        QCOMPARE(mp4->item("trkn").toIntPair().first, 7);
        const TagLib::MP4::CoverArtList covers = mp4->item("covr").toCoverArtList();
        QCOMPARE(covers.size(), 1u);
        QCOMPARE(covers.front().format(), TagLib::MP4::CoverArt::JPEG);
        QVERIFY(bytes(covers.front().data()) == cover_);
    }
};

QTEST_GUILESS_MAIN(TestExportTagLib)
#include "tst_export_taglib.moc"
