#include "app/ExportJob.h"

#include "app/PlanBuilder.h"
#include "audio/AudioEncoder.h"
#include "audio/AudioImporter.h"
#include "audio/ChaptersJson.h"
#include "audio/LoudnessAnalyzer.h"
#include "audio/Renderer.h"
#include "audio/TagWriter.h"
#include "audio/TruePeakLimiter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <sndfile.h>
#include <thread>

namespace onair::app {
namespace {

constexpr std::int64_t blockFrames = 8192;
using Block = std::shared_ptr<const std::vector<float>>;

// One format's encoder on its own thread, fed blocks through a small bounded queue: the
// formats encode side by side, and memory stays flat whatever the episode's length.
class EncoderWorker {
public:
    EncoderWorker(const QString& path, const audio::EncoderSettings& settings, double rate,
                  const std::vector<audio::ChapterInfo>& chapters)
        : channels_(settings.channels) {
        error_ = encoder_.open(path.toStdString(), settings, rate, chapters);
        if (error_.empty()) {
            thread_ = std::thread([this] { run(); });
        }
    }
    ~EncoderWorker() { finish(true); }
    const std::string& error() const { return error_; }

    void push(const Block& block) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [this] { return queue_.size() < 16 || stopped_; });
        queue_.push_back(block);
        ready_.notify_one();
    }
    // Waits for the queue to drain and completes the file (or deletes it when aborting).
    std::string finish(bool abort) {
        {
            std::lock_guard lock(mutex_);
            if (done_) {
                return error_;
            }
            done_ = true;
            abort_ = abort;
            ready_.notify_one();
        }
        if (thread_.joinable()) {
            thread_.join();
        }
        return error_;
    }

private:
    void run() {
        for (;;) {
            Block block;
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [this] { return !queue_.empty() || done_; });
                if (queue_.empty() || abort_) {
                    break;
                }
                block = queue_.front();
                queue_.pop_front();
                space_.notify_one();
            }
            if (error_.empty()) {
                error_ = encoder_.write(block->data(), block->size() / std::size_t(channels()));
            }
        }
        std::lock_guard lock(mutex_);
        stopped_ = true;
        space_.notify_all();
        if (abort_ || !error_.empty()) {
            encoder_.abort();
        } else {
            error_ = encoder_.finish();
        }
    }
    int channels() const { return channels_; }

    int channels_;
    audio::AudioEncoder encoder_;
    std::string error_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::condition_variable space_;
    std::deque<Block> queue_;
    bool done_ = false;
    bool abort_ = false;
    bool stopped_ = false;
};

int defaultBitrate(audio::ExportFormat f) {
    return f == audio::ExportFormat::Opus ? 96 : 128;
}

QString safeFileName(const QString& title) {
    QString name = title.trimmed();
    name.replace(QRegularExpression(QStringLiteral("[/\\\\:*?\"<>|\\x00-\\x1f]")),
                 QStringLiteral("_"));
    return name.isEmpty() ? QStringLiteral("episode") : name;
}

audio::EpisodeTags tagsOf(const Episode& e, const QString& folder) {
    const EpisodeMetadata& m = e.edit.metadata;
    audio::EpisodeTags t;
    t.title = m.title.toStdString();
    t.artist = m.author.toStdString();
    t.album = m.show.toStdString();
    t.episode = m.episodeNumber;
    t.season = m.season;
    t.date = m.date.toStdString();
    t.description = m.description.toStdString();
    t.publisher = m.publisher.toStdString();
    t.copyright = m.copyright.toStdString();
    t.url = m.url.toStdString();
    t.language = m.language.toStdString();
    if (!m.cover.isEmpty()) {
        t.coverPath = QDir(folder).filePath(m.cover).toStdString();
    }
    return t;
}

std::vector<audio::ChapterInfo> chaptersOf(const Episode& e, const QString& folder) {
    std::vector<audio::ChapterInfo> chapters;
    const double end = e.seconds(e.duration());
    for (const auto& m : e.markers()) {
        if (m.kind != MarkerKind::Chapter || m.at >= e.duration()) {
            continue;
        }
        audio::ChapterInfo c;
        c.startSeconds = e.seconds(m.at);
        c.endSeconds = end;
        c.title = m.title.toStdString();
        c.url = m.url.toStdString();
        if (!m.image.isEmpty()) {
            c.imagePath = QDir(folder).filePath(m.image).toStdString();
        }
        if (!chapters.empty()) {
            chapters.back().endSeconds = c.startSeconds;
        }
        chapters.push_back(std::move(c));
    }
    return chapters;
}

// Renders the whole edit block by block into `sink`; false when cancelled.
bool renderAll(audio::Renderer& renderer, int channels, std::int64_t length,
               const std::atomic<bool>* cancel,
               const std::function<void(const float*, std::int64_t, std::int64_t)>& sink) {
    std::vector<float> buffer(std::size_t(blockFrames * channels));
    for (std::int64_t at = 0; at < length; at += blockFrames) {
        if (cancel && cancel->load()) {
            return false;
        }
        const std::int64_t n = std::min(blockFrames, length - at);
        renderer.render(at, buffer.data(), n);
        sink(buffer.data(), n, at);
    }
    return true;
}

// Integrated loudness of an encoded file as a player decodes it (FFmpeg, through the importer),
// or NaN when it cannot be read.
double decodedLoudness(const QString& path, int channels, double rate) {
    const std::string flac = path.toStdString() + ".check.flac";
    audio::ImportRequest request;
    request.inputPath = path.toStdString();
    request.outputPath = flac;
    request.sampleRate = rate;
    const audio::ImportResult imported = audio::importAudio(request);
    double lufs = std::nan("");
    if (imported.error.empty() && imported.channels == channels) {
        SF_INFO info{};
        if (SNDFILE* f = sf_open(flac.c_str(), SFM_READ, &info)) {
            audio::LoudnessAnalyzer analyzer(info.channels, rate);
            std::vector<float> buffer(std::size_t(blockFrames * info.channels));
            sf_count_t n = 0;
            while ((n = sf_readf_float(f, buffer.data(), blockFrames)) > 0) {
                analyzer.add(buffer.data(), std::size_t(n));
            }
            sf_close(f);
            lufs = analyzer.report().integratedLufs;
        }
    }
    QFile::remove(QString::fromStdString(flac));
    return lufs;
}

} // namespace

const QList<LoudnessPreset>& loudnessPresets() {
    static const QList<LoudnessPreset> presets{{"podcast-stereo", -16.0, 2},
                                               {"podcast-mono", -19.0, 1},
                                               {"aes-streaming", -18.0, 0},
                                               {"ebu-r128", -23.0, 0}};
    return presets;
}

QString formatExtension(audio::ExportFormat format) {
    switch (format) {
    case audio::ExportFormat::Mp3:
        return QStringLiteral("mp3");
    case audio::ExportFormat::Opus:
        return QStringLiteral("opus");
    case audio::ExportFormat::M4a:
        return QStringLiteral("m4a");
    }
    return {};
}

bool parseExportFormat(const QString& name, audio::ExportFormat* format) {
    for (auto f : {audio::ExportFormat::Mp3, audio::ExportFormat::Opus, audio::ExportFormat::M4a}) {
        if (name.trimmed().compare(formatExtension(f), Qt::CaseInsensitive) == 0) {
            *format = f;
            return true;
        }
    }
    return false;
}

ExportResult runExport(const ExportRequest& request, const std::function<void(double)>& progress,
                       const std::atomic<bool>* cancel) {
    ExportResult result;
    const Episode& e = request.episode;
    const std::int64_t length = e.duration();
    result.seconds = e.seconds(length);
    if (length <= 0) {
        result.error = QStringLiteral("the episode is empty: there is nothing to export");
        return result;
    }
    if (request.formats.isEmpty()) {
        result.error = QStringLiteral("choose at least one format");
        return result;
    }
    if (!QDir().mkpath(request.outDir) || !QFileInfo(request.outDir).isWritable()) {
        result.error = QStringLiteral("cannot write to %1").arg(request.outDir);
        return result;
    }
    const int channels = request.channels == 1 ? 1 : 2;
    audio::Renderer renderer(buildPlan(e, request.folder), channels);
    if (const std::string err = renderer.open(); !err.empty()) {
        result.error = QString::fromStdString(err);
        return result;
    }
    const auto report = [&](double f) {
        if (progress) {
            progress(std::clamp(f, 0.0, 1.0));
        }
    };

    // Pass 1: how loud is the mix?
    audio::LoudnessAnalyzer before(channels, e.sampleRate);
    if (!renderAll(renderer, channels, length, cancel,
                   [&](const float* data, std::int64_t n, std::int64_t at) {
                       before.add(data, std::size_t(n));
                       report(0.25 * double(at + n) / double(length));
                   })) {
        result.cancelled = true;
        result.error = QStringLiteral("the export was cancelled");
        return result;
    }
    result.before = before.report();
    if (!std::isfinite(result.before.integratedLufs) || result.before.integratedLufs < -69.0) {
        result.error = QStringLiteral("the episode is silent: there is nothing to normalise");
        return result;
    }
    result.gainDb = request.targetLufs - result.before.integratedLufs;
    // Lossy encoders overshoot a little: the limiter aims half a dB under the ceiling (and has
    // its own margin for its meter).
    const double limiterCeiling = request.truePeakDbtp - 0.5;

    // Gain, then the true-peak limiter, over the whole edit; `sink` gets the limited audio
    // without the limiter's delay. False when cancelled.
    const auto limited = [&](double gainDb, double from, double to,
                             const std::function<void(std::vector<float>)>& sink) {
        const float gain = float(std::pow(10.0, gainDb / 20.0));
        audio::TruePeakLimiter limiter(channels, e.sampleRate, limiterCeiling);
        std::size_t skip = limiter.latency(); // its delay: drop its first output frames
        const bool done = renderAll(
            renderer, channels, length, cancel,
            [&](const float* data, std::int64_t n, std::int64_t at) {
                std::vector<float> in(data, data + n * channels);
                for (float& v : in) {
                    v *= gain;
                }
                std::vector<float> out(in.size());
                limiter.process(in.data(), out.data(), std::size_t(n));
                const std::size_t drop = std::min<std::size_t>(skip, std::size_t(n));
                skip -= drop;
                if (drop < std::size_t(n)) {
                    sink(std::vector<float>(
                        out.begin() + std::ptrdiff_t(drop * std::size_t(channels)), out.end()));
                }
                report(from + (to - from) * double(at + n) / double(length));
            });
        if (done) {
            std::vector<float> tail(limiter.latency() * std::size_t(channels));
            limiter.flush(tail.data());
            // In an episode shorter than the delay, the tail still starts with its silence.
            tail.erase(tail.begin(), tail.begin() + std::ptrdiff_t(skip * std::size_t(channels)));
            if (!tail.empty()) {
                sink(std::move(tail));
            }
        }
        return done;
    };

    // Where the limiter has work to do it lowers the loudness a little: a trial run measures by
    // how much, and the real pass makes up for it (once: close enough for +/-0.5 LU).
    if (result.before.truePeakDbtp + result.gainDb > limiterCeiling - 0.5) {
        audio::LoudnessAnalyzer trial(channels, e.sampleRate);
        if (!limited(result.gainDb, 0.25, 0.45, [&](std::vector<float> samples) {
                trial.add(samples.data(), samples.size() / std::size_t(channels));
            })) {
            result.cancelled = true;
            result.error = QStringLiteral("the export was cancelled");
            return result;
        }
        const double measured = trial.report().integratedLufs;
        if (std::isfinite(measured) && measured > -69.0) {
            result.gainDb += std::clamp(request.targetLufs - measured, 0.0, 6.0);
        }
    }

    // Pass 2: gain, true-peak limiter, every encoder at once.
    const QString base =
        QDir(request.outDir)
            .filePath(safeFileName(
                e.title().isEmpty() ? QFileInfo(request.folder).completeBaseName() : e.title()));
    const std::vector<audio::ChapterInfo> chapters = chaptersOf(e, request.folder);
    struct Output {
        audio::ExportFormat format;
        QString finalPath;
        QString tempPath;
        double gainDb = 0.0;
    };
    std::vector<Output> outputs;
    for (const auto format : request.formats) {
        Output o;
        o.format = format;
        o.finalPath = base + QLatin1Char('.') + formatExtension(format);
        o.tempPath = base + QStringLiteral(".part.") + formatExtension(format);
        o.gainDb = result.gainDb;
        outputs.push_back(o);
    }
    const auto removeTemps = [&] {
        for (auto& o : outputs) {
            QFile::remove(o.tempPath);
        }
    };
    audio::LoudnessAnalyzer after(channels, e.sampleRate);
    // Encodes `targets` (all at the same gain) side by side, one thread each.
    const auto encode = [&](const std::vector<Output*>& targets, double gainDb, double from,
                            double to, audio::LoudnessAnalyzer* measure) -> QString {
        std::vector<std::unique_ptr<EncoderWorker>> workers;
        for (Output* o : targets) {
            audio::EncoderSettings settings;
            settings.format = o->format;
            settings.channels = channels;
            settings.sampleRate =
                o->format == audio::ExportFormat::Opus ? 48000 : int(e.sampleRate);
            settings.bitrateKbps =
                request.bitrateKbps > 0 ? request.bitrateKbps : defaultBitrate(o->format);
            auto worker = std::make_unique<EncoderWorker>(o->tempPath, settings, e.sampleRate,
                                                          o->format == audio::ExportFormat::M4a
                                                              ? chapters
                                                              : std::vector<audio::ChapterInfo>{});
            if (!worker->error().empty()) {
                for (auto& w : workers) {
                    w->finish(true);
                }
                return QString::fromStdString(worker->error());
            }
            workers.push_back(std::move(worker));
        }
        const bool finished = limited(gainDb, from, to, [&](std::vector<float> samples) {
            if (measure) {
                measure->add(samples.data(), samples.size() / std::size_t(channels));
            }
            const Block block = std::make_shared<const std::vector<float>>(std::move(samples));
            for (auto& w : workers) {
                w->push(block);
            }
        });
        QString failure;
        for (auto& w : workers) {
            const std::string err = w->finish(!finished);
            if (!err.empty() && failure.isEmpty()) {
                failure = QString::fromStdString(err);
            }
        }
        return finished ? failure : QStringLiteral("the export was cancelled");
    };
    std::vector<Output*> all;
    for (auto& o : outputs) {
        all.push_back(&o);
    }
    if (const QString err = encode(all, result.gainDb, 0.45, 0.85, &after); !err.isEmpty()) {
        removeTemps();
        result.cancelled = cancel && cancel->load();
        result.error = err;
        return result;
    }
    // The promise is about what listeners decode. A codec can change loudness (MP3's low-pass
    // takes the top off bright speech): decode each file, measure it, and encode again with
    // the difference made up where it is more than a quarter LU.
    for (auto& o : outputs) {
        const double decoded = decodedLoudness(o.tempPath, channels, e.sampleRate);
        const double miss = request.targetLufs - decoded;
        if (std::isfinite(decoded) && std::abs(miss) > 0.25 && std::abs(miss) < 6.0) {
            o.gainDb += miss;
            if (const QString err = encode({&o}, o.gainDb, 0.85, 0.95, nullptr); !err.isEmpty()) {
                removeTemps();
                result.cancelled = cancel && cancel->load();
                result.error = err;
                return result;
            }
        }
    }
    QString failure;
    result.after = after.report();
    report(0.97);

    // Tags, cover and chapters; then the final names.
    const audio::EpisodeTags tags = tagsOf(e, request.folder);
    for (auto& o : outputs) {
        const std::string err =
            audio::writeTags(o.tempPath.toStdString(), o.format, tags, chapters);
        if (!err.empty()) {
            failure = QString::fromStdString(err);
            break;
        }
    }
    if (failure.isEmpty()) {
        for (auto& o : outputs) {
            QFile::remove(o.finalPath);
            if (!QFile::rename(o.tempPath, o.finalPath)) {
                failure = QStringLiteral("cannot rename %1 to %2").arg(o.tempPath, o.finalPath);
                break;
            }
            result.files << o.finalPath;
        }
    }
    if (!failure.isEmpty()) {
        for (auto& o : outputs) {
            QFile::remove(o.tempPath);
        }
        result.error = failure;
        result.files.clear();
        return result;
    }
    // Podcasting 2.0 chapters beside the audio.
    QSaveFile json(base + QStringLiteral(".chapters.json"));
    const std::string text = audio::chaptersJson(chapters);
    if (json.open(QIODevice::WriteOnly) &&
        json.write(text.data(), qint64(text.size())) == qint64(text.size()) && json.commit()) {
        result.files << json.fileName();
    } else {
        result.error = QStringLiteral("cannot write %1").arg(json.fileName());
    }
    report(1.0);
    return result;
}

} // namespace onair::app
