#include "app/ExportJob.h"

#include "app/BlockWorker.h"
#include "app/ExportEncodePass.h"
#include "app/ExportProbe.h"
#include "app/PlanBuilder.h"
#include "audio/ChaptersJson.h"
#include "audio/CoverImage.h"
#include "audio/LoudnessAnalyzer.h"
#include "audio/Renderer.h"
#include "audio/TagWriter.h"
#include "audio/TruePeakMeter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <chrono>
#include <cmath>
#include <ctime>
#include <future>
#include <memory>
#include <optional>

namespace onair::app {
namespace {

int defaultBitrate(audio::ExportFormat f) {
    return f == audio::ExportFormat::Opus ? 96 : 128;
}

// What the export decided and measured, on stderr, when ONAIR_EXPORT_TRACE is set.
template <typename... Args> void trace(const char* format, const QString& what, Args... args) {
    if (qEnvironmentVariableIsSet("ONAIR_EXPORT_TRACE")) {
        qInfo(format, qPrintable(what), args...);
    }
}

// With the trace on: the wall and CPU time (all threads) of each phase of one export, so
// each phase shows how well it keeps both cores busy.
class PhaseTrace {
public:
    PhaseTrace()
        : on_(qEnvironmentVariableIsSet("ONAIR_EXPORT_TRACE"))
        , wall_(Clock::now())
        , cpu_(processCpu()) {}
    void operator()(const char* phase) {
        if (!on_) {
            return;
        }
        const Clock::time_point wall = Clock::now();
        const double cpu = processCpu();
        qInfo("phase %s: %.2f s wall, %.2f s CPU", phase,
              std::chrono::duration<double>(wall - wall_).count(), cpu - cpu_);
        wall_ = wall;
        cpu_ = cpu;
    }

private:
    using Clock = std::chrono::steady_clock;
    static double processCpu() {
        timespec t{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
    }
    bool on_;
    Clock::time_point wall_;
    double cpu_;
};

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

// Every image that goes into the files, read and checked before the long work: a broken cover
// fails at once instead of after the encode (writeTags checks them again when it embeds them).
QString checkImages(const audio::EpisodeTags& tags,
                    const std::vector<audio::ChapterInfo>& chapters) {
    audio::CoverImage image;
    if (!tags.coverPath.empty()) {
        if (const std::string err = audio::readCoverImage(tags.coverPath, image); !err.empty()) {
            return QStringLiteral("Cover art: %1").arg(QString::fromStdString(err));
        }
    }
    for (std::size_t i = 0; i < chapters.size(); ++i) {
        if (chapters[i].imagePath.empty()) {
            continue;
        }
        if (const std::string err = audio::readCoverImage(chapters[i].imagePath, image);
            !err.empty()) {
            return QStringLiteral("Chapter %1 (\"%2\") image: %3")
                .arg(i + 1)
                .arg(QString::fromStdString(chapters[i].title), QString::fromStdString(err));
        }
    }
    return {};
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

namespace {

// The output files' path without extension: the episode's title in the output folder.
QString outputBase(const ExportRequest& request) {
    const Episode& e = request.episode;
    return QDir(request.outDir)
        .filePath(safeFileName(e.title().isEmpty() ? QFileInfo(request.folder).completeBaseName()
                                                   : e.title()));
}

ExportResult exportUnguarded(const ExportRequest& request,
                             const std::function<void(double)>& progress,
                             const std::atomic<bool>* cancel) {
    ExportResult result;
    PhaseTrace tracePhase;
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
    const audio::EpisodeTags tags = tagsOf(e, request.folder);
    const std::vector<audio::ChapterInfo> chapters = chaptersOf(e, request.folder);
    if (const QString err = checkImages(tags, chapters); !err.isEmpty()) {
        result.error = err;
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

    tracePhase("setup");
    // Pass 1: how loud is the mix? A sample of it is kept for the trials below. Rendering,
    // loudness and true peak (oversampling: the costliest) each run on a thread of their own,
    // so the two cores share them evenly.
    audio::LoudnessAnalyzer before(channels, e.sampleRate, {.truePeak = false});
    ExcerptSampler sampler(channels, e.sampleRate, length);
    audio::TruePeakMeter peakMeter(channels, e.sampleRate);
    const auto frames = [channels](const Block& b) { return b->size() / std::size_t(channels); };
    BlockWorker loudnessWorker([&](const Block& b) { before.add(b->data(), frames(b)); });
    BlockWorker peakWorker([&](const Block& b) { peakMeter.add(b->data(), frames(b)); });
    const bool rendered = renderAll(renderer, channels, length, cancel,
                                    [&](const float* data, std::int64_t n, std::int64_t at) {
                                        const Block block =
                                            std::make_shared<const std::vector<float>>(
                                                data, data + n * std::int64_t(channels));
                                        loudnessWorker.push(block);
                                        peakWorker.push(block);
                                        sampler.add(data, n, at);
                                        report(0.25 * double(at + n) / double(length));
                                    });
    // Both drained and joined before anything reads the meters.
    loudnessWorker.finish(!rendered);
    peakWorker.finish(!rendered);
    if (!rendered) {
        result.cancelled = true;
        result.error = QStringLiteral("the export was cancelled");
        return result;
    }
    result.before = before.report();
    if (peakMeter.error().empty()) {
        peakMeter.finish();
        const double peak = peakMeter.peak();
        result.before.truePeakDbtp =
            std::max(result.before.samplePeakDbfs, peak > 0.0 ? 20.0 * std::log10(peak) : -70.0);
    }
    if (!std::isfinite(result.before.integratedLufs) || result.before.integratedLufs < -69.0) {
        result.error = QStringLiteral("the episode is silent: there is nothing to normalise");
        return result;
    }
    result.gainDb = request.targetLufs - result.before.integratedLufs;
    // Lossy encoders overshoot a little: the limiter aims half a dB under the ceiling (and has
    // its own margin for its meter).
    const double limiterCeiling = request.truePeakDbtp - 0.5;
    tracePhase("analysis");
    const std::vector<float>& excerpt = sampler.samples();

    const QString base = outputBase(request);
    struct Output : ExportTarget {
        audio::ExportFormat format;
        QString finalPath;
    };
    std::vector<Output> outputs;
    for (const auto format : request.formats) {
        Output o;
        o.format = format;
        o.settings.format = format;
        o.settings.channels = channels;
        o.settings.sampleRate = format == audio::ExportFormat::Opus ? 48000 : int(e.sampleRate);
        o.settings.bitrateKbps =
            request.bitrateKbps > 0 ? request.bitrateKbps : defaultBitrate(format);
        o.finalPath = base + QLatin1Char('.') + formatExtension(format);
        o.tempPath = base + QStringLiteral(".part.") + formatExtension(format);
        o.ceilingDb = limiterCeiling;
        if (format == audio::ExportFormat::M4a) {
            o.chapters = chapters; // the mp4 muxer writes them; TagLib does the others
        }
        outputs.push_back(o);
    }
    const auto removeTemps = [&] {
        for (auto& o : outputs) {
            QFile::remove(o.tempPath);
        }
    };

    // Each codec tried on the limited sample, all at once: how far it moves the loudness (MP3's
    // low-pass takes the top off bright speech) and how far it lifts the true peak over its
    // input (Opus on noisy, bright content). Each format then gets its own limiter ceiling and
    // the gain that lands it on the target after limiting and coding.
    // A codec's shift and overshoot are relative to its own input, so the probes need not wait
    // for the final gain: they run while the main thread searches for it.
    {
        const std::vector<float> trial =
            limitedCopy(excerpt, channels, e.sampleRate, result.gainDb, limiterCeiling);
        const audio::LoudnessReport input =
            measureLoudness(trial, channels, e.sampleRate, {.details = false});
        std::vector<std::future<std::optional<audio::LoudnessReport>>> probes;
        for (const Output& o : outputs) {
            probes.push_back(std::async(
                std::launch::async, probeCodec, std::cref(trial), e.sampleRate, o.settings,
                base + QStringLiteral(".probe.") + formatExtension(o.format)));
        }
        // Where the limiter has work to do it takes back part of the gain: trying it on the
        // sample finds the gain that lands on the target after limiting.
        if (result.before.truePeakDbtp + result.gainDb > limiterCeiling - 0.5) {
            result.gainDb = solveLimitedGain(excerpt, channels, e.sampleRate, result.gainDb,
                                             limiterCeiling, request.targetLufs);
        }
        for (Output& o : outputs) {
            o.gainDb = result.gainDb;
        }
        for (std::size_t i = 0; i < outputs.size(); ++i) {
            Output& o = outputs[i];
            const auto probe = probes[i].get();
            if (!probe || input.integratedLufs <= -69.0) {
                continue;
            }
            const double shift =
                std::clamp(probe->integratedLufs - input.integratedLufs, -3.0, 3.0);
            // The codec's overshoot on a minute of audio; over a whole episode the largest
            // overshoot is larger (more chances), so it counts double. The limiter's output
            // sits 0.5 dB under its ceiling (its own margin).
            const double overshoot = probe->truePeakDbtp - input.truePeakDbtp;
            o.ceilingDb = std::min(limiterCeiling, request.truePeakDbtp + 0.4 - 2.0 * overshoot);
            if (o.ceilingDb == limiterCeiling && std::abs(shift) > 0.1 &&
                probe->truePeakDbtp - shift <= request.truePeakDbtp - 0.3) {
                // Only loudness to make up, and the peaks have room: a trim after the shared
                // limiter does it exactly, with no limiter (and no render) of its own.
                o.trimDb = -shift;
            } else if (std::abs(shift) > 0.1 || o.ceilingDb != limiterCeiling) {
                o.gainDb = solveLimitedGain(excerpt, channels, e.sampleRate, result.gainDb - shift,
                                            o.ceilingDb, request.targetLufs - shift);
            }
            trace("%s on the sample: %+.2f LU, overshoot %+.2f dB -> gain %.2f dB, limiter %.2f "
                  "dBTP, trim %+.2f dB",
                  formatExtension(o.format), shift, overshoot, o.gainDb, o.ceilingDb, o.trimDb);
        }
    }
    report(0.3);
    tracePhase("sample trials");
    if (cancel && cancel->load()) {
        result.cancelled = true;
        result.error = QStringLiteral("the export was cancelled");
        return result;
    }

    // Pass 2: one render; per distinct gain and ceiling one limiter; every encoder at once.
    // What the report says "after" is measured below, on the decoded files.
    const auto encode = [&](const std::vector<Output*>& targets, double from, double to) {
        return runEncodePass(renderer, channels, e.sampleRate, length,
                             std::vector<const ExportTarget*>(targets.begin(), targets.end()),
                             cancel, [&](double f) { report(from + (to - from) * f); });
    };
    std::vector<Output*> all;
    for (auto& o : outputs) {
        all.push_back(&o);
    }
    if (const QString err = encode(all, 0.3, 0.85); !err.isEmpty()) {
        removeTemps();
        result.cancelled = cancel && cancel->load();
        result.error = err;
        return result;
    }
    // The promise is about what listeners decode: decode each file (all at once) and measure
    // it. Where the sample's estimate was off, the file is encoded again (at most twice) with
    // the loudness made up (beyond a quarter LU) and the limiter lowered by the true peak's
    // excess.
    const auto measureOutputs = [&](const std::vector<Output*>& targets) {
        std::vector<std::future<std::optional<audio::LoudnessReport>>> checks;
        for (Output* o : targets) {
            // The first format's reading is the report's "after": all of it, plot included.
            checks.push_back(std::async(std::launch::async, decodedLoudness, o->tempPath, channels,
                                        e.sampleRate, o == &outputs.front()));
        }
        std::vector<std::optional<audio::LoudnessReport>> reports;
        for (auto& c : checks) {
            reports.push_back(c.get());
        }
        return reports;
    };
    tracePhase("encode");
    const auto decoded = measureOutputs(all);
    report(0.9);
    tracePhase("decode check");
    double decodedPeak = -70.0;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        Output& o = outputs[i];
        std::optional<audio::LoudnessReport> measured = decoded[i];
        for (int attempt = 0; measured && attempt < 2; ++attempt) {
            const double miss = request.targetLufs - measured->integratedLufs;
            const double over = measured->truePeakDbtp - request.truePeakDbtp;
            const bool louder = std::abs(miss) > 0.25 && std::abs(miss) < 6.0;
            trace(
                "%s decoded: %.2f LUFS, %.2f dBTP (gain %.2f dB, limiter %.2f dBTP, trim %+.2f dB)",
                formatExtension(o.format), measured->integratedLufs, measured->truePeakDbtp,
                o.gainDb, o.ceilingDb, o.trimDb);
            if (!louder && over <= 0.0) {
                break;
            }
            if (louder && over <= 0.0 &&
                measured->truePeakDbtp + miss <= request.truePeakDbtp - 0.1) {
                o.trimDb += miss; // room in the peaks: no limiting needed for it
            } else {
                o.gainDb += louder ? miss : 0.0;
                o.ceilingDb -= over > 0.0 ? over + 0.5 : 0.0;
            }
            if (const QString err = encode({&o}, 0.9, 0.97); !err.isEmpty()) {
                removeTemps();
                result.cancelled = cancel && cancel->load();
                result.error = err;
                return result;
            }
            measured = measureOutputs({&o}).front();
        }
        if (measured) {
            decodedPeak = std::max(decodedPeak, measured->truePeakDbtp);
            if (i == 0) {
                // The report's "after" is what listeners of the first format hear.
                result.after = *measured;
            }
        }
    }
    result.after.truePeakDbtp = decodedPeak;
    QString failure;
    report(0.97);
    tracePhase("retries");
    // The last point where a cancel can still take everything back.
    if (cancel && cancel->load()) {
        removeTemps();
        result.cancelled = true;
        result.error = QStringLiteral("the export was cancelled");
        return result;
    }

    // Tags, cover and chapters into the temporary files.
    for (auto& o : outputs) {
        const std::string err =
            audio::writeTags(o.tempPath.toStdString(), o.format, tags, chapters);
        if (!err.empty()) {
            failure = QString::fromStdString(err);
            break;
        }
    }
    // Podcasting 2.0 chapters beside the audio, written before any rename so that a full disk
    // fails here with nothing under a final name. Without chapters there is no file: a feed
    // would only point at an empty list; one left from an earlier export is removed below, so
    // the folder never pairs new audio with old chapters.
    const QString jsonPath = base + QStringLiteral(".chapters.json");
    QSaveFile json(jsonPath);
    if (failure.isEmpty() && !chapters.empty()) {
        const std::string text = audio::chaptersJson(chapters);
        // Qt 6.4's commit() misses a failed flush (on a full disk it renames an empty file
        // into place), so the flush is checked here.
        if (!json.open(QIODevice::WriteOnly) ||
            json.write(text.data(), qint64(text.size())) != qint64(text.size()) || !json.flush()) {
            failure = QStringLiteral("cannot write %1: %2").arg(jsonPath, json.errorString());
        }
    }
    // Then the final names.
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
    if (failure.isEmpty()) {
        if (chapters.empty()) {
            QFile::remove(jsonPath);
        } else if (json.commit()) {
            result.files << jsonPath;
        } else {
            failure = QStringLiteral("cannot write %1: %2").arg(jsonPath, json.errorString());
        }
    }
    if (!failure.isEmpty()) {
        removeTemps();
        for (const QString& file : std::as_const(result.files)) {
            QFile::remove(file); // all or nothing
        }
        result.error = failure;
        result.files.clear();
        return result;
    }
    report(1.0);
    tracePhase("tags and rename");
    return result;
}

} // namespace

ExportResult runExport(const ExportRequest& request, const std::function<void(double)>& progress,
                       const std::atomic<bool>* cancel) {
    try {
        return exportUnguarded(request, progress, cancel);
    } catch (const std::exception& e) {
        // Out of memory, mostly (the meters and encoders run on worker threads, which hand
        // their exceptions back). A message, and no temporary file left behind.
        const QString base = outputBase(request);
        const QFileInfo info(base);
        for (const QString& name :
             info.dir().entryList({info.fileName() + QStringLiteral(".part.*"),
                                   info.fileName() + QStringLiteral(".probe.*")},
                                  QDir::Files)) {
            QFile::remove(info.dir().filePath(name));
        }
        ExportResult result;
        result.error =
            QStringLiteral("the export failed: %1").arg(QString::fromLocal8Bit(e.what()));
        return result;
    }
}

} // namespace onair::app
