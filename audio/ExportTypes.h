#pragma once

// Plain values shared by the export pipeline's parts: loudness analysis, the limiter, the
// encoders and the tag writer. No behaviour here.
#include <cstdint>
#include <string>
#include <vector>

namespace onair::audio {

enum class ExportFormat { Mp3, Opus, M4a };

struct EncoderSettings {
    ExportFormat format = ExportFormat::Mp3;
    int channels = 2;             // 1 or 2
    int sampleRate = 48000;       // of the encoded file; the input is converted if it differs
    int bitrateKbps = 128;        // MP3 32-320 CBR, Opus 24-192, AAC 64-320
    bool variableBitrate = false; // MP3 only: VBR instead of CBR
};

// Measured with libebur128 (ITU-R BS.1770-4).
struct LoudnessReport {
    double integratedLufs = -70.0;
    double loudnessRangeLu = 0.0;
    double truePeakDbtp = -70.0;
    double samplePeakDbfs = -70.0;
    std::vector<float> shortTermLufs; // 3 s windows, one value per second of audio
};

struct ChapterInfo {
    double startSeconds = 0.0;
    double endSeconds = 0.0;
    std::string title;
    std::string url;       // optional
    std::string imagePath; // optional, absolute: JPEG or PNG
};

struct EpisodeTags {
    std::string title;
    std::string artist; // the host(s)
    std::string album;  // the show
    int episode = 0;    // 0: none
    int season = 0;     // 0: none
    std::string date;   // yyyy-MM-dd
    std::string description;
    std::string genre = "Podcast";
    std::string publisher;
    std::string copyright;
    std::string url;
    std::string language;  // ISO 639-2 ("eng") or a BCP 47 tag
    std::string coverPath; // optional, absolute: JPEG or PNG
};

} // namespace onair::audio
