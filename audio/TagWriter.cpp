#include "audio/TagWriter.h"

#include "audio/CheckedFileStream.h"
#include "audio/CoverImage.h"
#include "audio/DiskSpace.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <taglib/attachedpictureframe.h>
#include <taglib/chapterframe.h>
#include <taglib/commentsframe.h>
#include <taglib/flacpicture.h>
#include <taglib/id3v2framefactory.h>
#include <taglib/id3v2tag.h>
#include <taglib/mp4coverart.h>
#include <taglib/mp4file.h>
#include <taglib/mpegfile.h>
#include <taglib/opusfile.h>
#include <taglib/tableofcontentsframe.h>
#include <taglib/textidentificationframe.h>
#include <taglib/urllinkframe.h>
#include <taglib/xiphcomment.h>

namespace onair::audio {

namespace {

// Vorbis chapter numbers are three digits in every reader that knows them.
constexpr std::size_t kMaxVorbisChapters = 999;

TagLib::String utf8(const std::string& s) {
    return TagLib::String(s, TagLib::String::UTF8);
}

// TagLib's save() does not notice a failed write (a full disk leaves a cut-off file and
// "success"); the stream does.
std::string saveResult(bool saved, const CheckedFileStream& stream, const std::string& path) {
    if (stream.error() != 0) {
        return "Cannot write the tags into " + path + ": " + writeErrorText(stream.error()) + ".";
    }
    if (!saved) {
        return "TagLib could not save the tags into " + path + ".";
    }
    return {};
}

TagLib::ByteVector byteVector(const CoverImage& image) {
    return TagLib::ByteVector(image.bytes.data(), static_cast<unsigned int>(image.bytes.size()));
}

struct Images {
    std::optional<CoverImage> cover;
    std::vector<std::optional<CoverImage>> chapters; // one per chapter
};

std::string readImages(const EpisodeTags& tags, const std::vector<ChapterInfo>& chapters,
                       Images& images) {
    if (!tags.coverPath.empty()) {
        images.cover.emplace();
        if (auto error = readCoverImage(tags.coverPath, *images.cover); !error.empty()) {
            return "Cover art: " + error;
        }
    }
    images.chapters.resize(chapters.size());
    for (std::size_t i = 0; i < chapters.size(); ++i) {
        if (chapters[i].imagePath.empty()) {
            continue;
        }
        images.chapters[i].emplace();
        if (auto error = readCoverImage(chapters[i].imagePath, *images.chapters[i]);
            !error.empty()) {
            return "Chapter " + std::to_string(i + 1) + " (\"" + chapters[i].title +
                   "\") image: " + error;
        }
    }
    return {};
}

// Chapters must start at or after 0 and in order: CTOC says "ordered" and players seek by them.
std::string checkChapters(const std::vector<ChapterInfo>& chapters) {
    for (std::size_t i = 0; i < chapters.size(); ++i) {
        const double start = chapters[i].startSeconds;
        if (!std::isfinite(start) || start < 0.0) {
            return "Chapter " + std::to_string(i + 1) + " (\"" + chapters[i].title +
                   "\") has no valid start time.";
        }
        if (i > 0 && start <= chapters[i - 1].startSeconds) {
            return "Chapter " + std::to_string(i + 1) + " (\"" + chapters[i].title +
                   "\") does not start after chapter " + std::to_string(i) +
                   "; chapters must be in time order.";
        }
    }
    return {};
}

unsigned int toMs(double seconds) {
    return seconds <= 0.0 ? 0u : static_cast<unsigned int>(std::llround(seconds * 1000.0));
}

// ID3v2.3 has no UTF-8: Latin-1 where it suffices (every reader), UTF-16 with BOM otherwise.
TagLib::String::Type id3Encoding(const TagLib::String& s) {
    return s.isLatin1() ? TagLib::String::Latin1 : TagLib::String::UTF16;
}

TagLib::ID3v2::TextIdentificationFrame* textFrame(const char* id, const std::string& value) {
    const auto text = utf8(value);
    auto* frame = new TagLib::ID3v2::TextIdentificationFrame(id, id3Encoding(text));
    frame->setText(text);
    return frame;
}

TagLib::ID3v2::AttachedPictureFrame* pictureFrame(const CoverImage& image) {
    auto* frame = new TagLib::ID3v2::AttachedPictureFrame;
    frame->setMimeType(image.mimeType());
    frame->setType(TagLib::ID3v2::AttachedPictureFrame::FrontCover);
    frame->setPicture(byteVector(image));
    return frame;
}

TagLib::ID3v2::UserUrlLinkFrame* userUrlFrame(const std::string& url) {
    auto* frame = new TagLib::ID3v2::UserUrlLinkFrame;
    frame->setUrl(utf8(url));
    return frame;
}

std::string writeMp3(const std::string& path, const EpisodeTags& tags,
                     const std::vector<ChapterInfo>& chapters, const Images& images) {
    CheckedFileStream stream(path);
    // Properties: the length, for open ends.
    TagLib::MPEG::File file(&stream, TagLib::ID3v2::FrameFactory::instance(), true);
    if (!file.isValid()) {
        return "TagLib cannot read " + path + " as an MP3 file.";
    }
    auto* id3 = file.ID3v2Tag(true);
    for (const char* id : {"TIT2", "TPE1", "TALB", "TRCK", "TPOS", "TDRC", "TYER", "TDAT", "COMM",
                           "TCON", "TPUB", "TCOP", "WOAF", "TLAN", "APIC", "CHAP", "CTOC"}) {
        id3->removeFrames(id);
    }
    auto addText = [&](const char* id, const std::string& value) {
        if (!value.empty()) {
            id3->addFrame(textFrame(id, value));
        }
    };
    addText("TIT2", tags.title);
    addText("TPE1", tags.artist);
    addText("TALB", tags.album);
    addText("TRCK", tags.episode > 0 ? std::to_string(tags.episode) : std::string());
    addText("TPOS", tags.season > 0 ? std::to_string(tags.season) : std::string());
    // TDRC is written as TYER (+ TDAT) by TagLib when it saves version 2.3.
    addText("TDRC", tags.date);
    addText("TCON", tags.genre);
    addText("TPUB", tags.publisher);
    addText("TCOP", tags.copyright);
    addText("TLAN", tags.language);
    if (!tags.description.empty()) {
        const auto text = utf8(tags.description);
        auto* comm = new TagLib::ID3v2::CommentsFrame(id3Encoding(text));
        comm->setLanguage(tags.language.size() == 3 ? TagLib::ByteVector(tags.language.c_str(), 3)
                                                    : TagLib::ByteVector("eng", 3));
        comm->setText(text);
        id3->addFrame(comm);
    }
    if (!tags.url.empty()) {
        auto* woaf = new TagLib::ID3v2::UrlLinkFrame(TagLib::ByteVector("WOAF"));
        woaf->setUrl(utf8(tags.url));
        id3->addFrame(woaf);
    }
    if (images.cover) {
        id3->addFrame(pictureFrame(*images.cover));
    }
    if (!chapters.empty()) {
        const auto* properties = file.audioProperties();
        const unsigned int fileMs =
            properties != nullptr ? static_cast<unsigned int>(properties->lengthInMilliseconds())
                                  : 0u;
        auto* toc = new TagLib::ID3v2::TableOfContentsFrame(TagLib::ByteVector("toc"));
        toc->setIsTopLevel(true);
        toc->setIsOrdered(true);
        for (std::size_t i = 0; i < chapters.size(); ++i) {
            const auto& c = chapters[i];
            const TagLib::ByteVector id(("chp" + std::to_string(i)).c_str());
            TagLib::ID3v2::FrameList sub;
            sub.append(textFrame("TIT2", c.title));
            if (!c.url.empty()) {
                sub.append(userUrlFrame(c.url));
            }
            if (images.chapters[i]) {
                sub.append(pictureFrame(*images.chapters[i]));
            }
            // A chapter without an end ends where the next starts, the last at the file's end.
            unsigned int endMs = toMs(c.endSeconds);
            if (c.endSeconds <= c.startSeconds) {
                endMs = i + 1 < chapters.size() ? toMs(chapters[i + 1].startSeconds) : fileMs;
            }
            // Byte offsets 0xFFFFFFFF: "use the times", as the CHAP spec allows.
            id3->addFrame(new TagLib::ID3v2::ChapterFrame(id, toMs(c.startSeconds),
                                                          std::max(endMs, toMs(c.startSeconds)),
                                                          0xFFFFFFFFu, 0xFFFFFFFFu, sub));
            toc->addChildElement(id);
        }
        id3->addFrame(toc);
    }
    // ID3v2.3 because Apple Podcasts and many players read chapters only there; TagLib never
    // writes an extended header or unsynchronisation.
    const bool saved =
        file.save(TagLib::MPEG::File::ID3v2, TagLib::File::StripOthers, TagLib::ID3v2::v3);
    return saveResult(saved, stream, path);
}

std::string writeOpus(const std::string& path, const EpisodeTags& tags,
                      const std::vector<ChapterInfo>& chapters, const Images& images) {
    if (chapters.size() > kMaxVorbisChapters) {
        return "An Opus file can carry at most " + std::to_string(kMaxVorbisChapters) +
               " chapters (CHAPTER001..CHAPTER999); this episode has " +
               std::to_string(chapters.size()) + ".";
    }
    CheckedFileStream stream(path);
    TagLib::Ogg::Opus::File file(&stream, false);
    if (!file.isValid()) {
        return "TagLib cannot read " + path + " as an Ogg Opus file.";
    }
    auto* xiph = file.tag();
    // Keep the encoder's own fields (ENCODER), replace everything this writer owns.
    const auto fields = xiph->fieldListMap();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (it->first.startsWith("CHAPTER")) {
            xiph->removeFields(it->first);
        }
    }
    xiph->removeAllPictures();
    auto set = [&](const char* key, const std::string& value) {
        xiph->removeFields(key);
        if (!value.empty()) {
            xiph->addField(key, utf8(value));
        }
    };
    set("TITLE", tags.title);
    set("ARTIST", tags.artist);
    set("ALBUM", tags.album);
    set("TRACKNUMBER", tags.episode > 0 ? std::to_string(tags.episode) : std::string());
    set("DISCNUMBER", tags.season > 0 ? std::to_string(tags.season) : std::string());
    set("DATE", tags.date);
    set("DESCRIPTION", tags.description);
    set("GENRE", tags.genre);
    set("ORGANIZATION", tags.publisher);
    set("PUBLISHER", tags.publisher);
    set("COPYRIGHT", tags.copyright);
    set("CONTACT", tags.url);
    set("URL", tags.url);
    set("LANGUAGE", tags.language);
    // XiphComment renders its fields sorted by key, so CHAPTER001 < CHAPTER001NAME <
    // CHAPTER001URL < CHAPTER002: the time always precedes its name, as readers require.
    char key[32];
    for (std::size_t i = 0; i < chapters.size(); ++i) {
        std::snprintf(key, sizeof key, "CHAPTER%03zu", i + 1);
        const std::string base = key;
        xiph->addField(base, vorbisChapterTime(chapters[i].startSeconds));
        xiph->addField(base + "NAME", utf8(chapters[i].title));
        if (!chapters[i].url.empty()) {
            xiph->addField(base + "URL", utf8(chapters[i].url));
        }
    }
    if (images.cover) {
        auto* picture = new TagLib::FLAC::Picture;
        picture->setType(TagLib::FLAC::Picture::FrontCover);
        picture->setMimeType(images.cover->mimeType());
        picture->setData(byteVector(*images.cover));
        xiph->addPicture(picture); // owned by the comment; base64 METADATA_BLOCK_PICTURE
    }
    const bool saved = file.save();
    return saveResult(saved, stream, path);
}

std::string writeM4a(const std::string& path, const EpisodeTags& tags, const Images& images) {
    CheckedFileStream stream(path);
    TagLib::MP4::File file(&stream, false);
    if (!file.isValid()) {
        return "TagLib cannot read " + path + " as an MP4/M4A file.";
    }
    auto* mp4 = file.tag();
    auto set = [&](const char* key, const std::string& value) {
        mp4->removeItem(key);
        if (!value.empty()) {
            mp4->setItem(key, TagLib::StringList(utf8(value)));
        }
    };
    set("\251nam", tags.title);
    set("\251ART", tags.artist);
    set("\251alb", tags.album);
    set("\251day", tags.date);
    set("desc", tags.description);
    set("\251cmt", tags.description);
    set("\251gen", tags.genre);
    set("cprt", tags.copyright);
    set("----:com.apple.iTunes:PUBLISHER", tags.publisher);
    set("----:com.apple.iTunes:URL", tags.url);
    set("----:com.apple.iTunes:LANGUAGE", tags.language);
    mp4->removeItem("trkn");
    if (tags.episode > 0) {
        mp4->setItem("trkn", TagLib::MP4::Item(tags.episode, 0));
    }
    mp4->removeItem("disk");
    if (tags.season > 0) {
        mp4->setItem("disk", TagLib::MP4::Item(tags.season, 0));
    }
    mp4->removeItem("covr");
    if (images.cover) {
        const auto format = images.cover->type == CoverImage::Type::Png
                                ? TagLib::MP4::CoverArt::PNG
                                : TagLib::MP4::CoverArt::JPEG;
        TagLib::MP4::CoverArtList covers;
        covers.append(TagLib::MP4::CoverArt(format, byteVector(*images.cover)));
        mp4->setItem("covr", covers);
    }
    // TagLib rewrites only moov/udta/meta/ilst and fixes stco/co64 offsets when moov grows,
    // so the muxer's chapter track and chpl atom survive (tst_tag_writer checks with ffprobe).
    const bool saved = file.save();
    return saveResult(saved, stream, path);
}

} // namespace

std::string vorbisChapterTime(double seconds) {
    const long long ms = seconds <= 0.0 ? 0 : std::llround(seconds * 1000.0);
    char text[32];
    std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, ms / 60000 % 60,
                  ms / 1000 % 60, ms % 1000);
    return text;
}

std::string writeTags(const std::string& path, ExportFormat format, const EpisodeTags& tags,
                      const std::vector<ChapterInfo>& chapters) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return "Cannot write tags: " + path + " does not exist or is not a file.";
    }
    if (auto error = checkChapters(chapters); !error.empty()) {
        return error + " No tags were written.";
    }
    Images images;
    if (auto error = readImages(tags, chapters, images); !error.empty()) {
        return error + " No tags were written.";
    }
    switch (format) {
    case ExportFormat::Mp3:
        return writeMp3(path, tags, chapters, images);
    case ExportFormat::Opus:
        return writeOpus(path, tags, chapters, images);
    case ExportFormat::M4a:
        return writeM4a(path, tags, images);
    }
    return "Unknown export format.";
}

} // namespace onair::audio
