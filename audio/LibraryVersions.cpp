#include "audio/LibraryVersions.h"

#include <ebur128.h>
#include <portaudio.h>
#include <sndfile.h>
#include <taglib/fileref.h>
#include <taglib/taglib.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswresample/swresample.h>
}

namespace onair::audio {
namespace {

std::string dotted(unsigned major, unsigned minor, unsigned patch) {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

// FFmpeg packs its library versions as major<<16 | minor<<8 | micro.
std::string ffmpegLib(unsigned packed) {
    return dotted(packed >> 16, (packed >> 8) & 0xFF, packed & 0xFF);
}

} // namespace

std::vector<LibraryVersion> engineLibraryVersions() {
    std::vector<LibraryVersion> libs;

    const PaVersionInfo* pa = Pa_GetVersionInfo();
    libs.push_back({"PortAudio", pa && pa->versionText ? pa->versionText : "unknown",
                    "audio devices and the real-time callback"});

    libs.push_back({"libsndfile", sf_version_string(), "recorded take files (RF64/WAV, FLAC)"});

    const std::string ffmpeg =
        std::string(av_version_info()) + " (libavcodec " + ffmpegLib(avcodec_version()) +
        ", libavformat " + ffmpegLib(avformat_version()) + ", libavutil " +
        ffmpegLib(avutil_version()) + ", libswresample " + ffmpegLib(swresample_version()) + ")";
    libs.push_back({"FFmpeg", ffmpeg, "decoding imports; MP3, Opus and AAC encoding and muxing"});

    // TagLib 1.x has no run-time version call; asking it which containers it can tag is a
    // run-time question, and the one export depends on.
    std::string taglib = dotted(TAGLIB_MAJOR_VERSION, TAGLIB_MINOR_VERSION, TAGLIB_PATCH_VERSION);
    const TagLib::StringList extensions = TagLib::FileRef::defaultFileExtensions();
    std::string missing;
    for (const char* needed : {"mp3", "opus", "m4a"}) {
        if (!extensions.contains(needed)) {
            missing += std::string(missing.empty() ? "" : ", ") + needed;
        }
    }
    if (!missing.empty()) {
        taglib += " (cannot tag: " + missing + ")";
    }
    libs.push_back({"TagLib", taglib, "tags, cover art and chapters in exported files"});

    int major = 0;
    int minor = 0;
    int patch = 0;
    ebur128_get_version(&major, &minor, &patch);
    libs.push_back({"libebur128",
                    dotted(static_cast<unsigned>(major), static_cast<unsigned>(minor),
                           static_cast<unsigned>(patch)),
                    "loudness measurement (ITU-R BS.1770 / EBU R128)"});
    return libs;
}

} // namespace onair::audio
