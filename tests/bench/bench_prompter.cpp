// The prompter on a 10,000-word script (ScriptFixture's makeLongScript: sections of a heading
// and 2-5 paragraphs of 40-90 words, cue lines now and then) at 72 pt DejaVu Sans, 1.2 line
// spacing, 10 % margins, in a 1920x1080 ui::PrompterView offscreen, rendered with
// QWidget::render into a QImage, scrolling (Running) in the middle of the script.
//
// Measured:
//   PaintFrame          one frame as the widget paints it (background, band, visible lines,
//                       reading-line arrows); the clock advances 1/60 s per frame, so every
//                       frame is at a new offset. Goal <= 2 ms. Counters: median and p99 ms.
//   PaintFrameMirrored  the same with horizontal mirroring (painted upright, flipped as pixels).
//   LayoutWholeScript   laying out all blocks (once per width, font or spacing change).
// Peers, in the same run, drawing exactly the lines the view shows in the same frames (same
// fonts, same positions, one text colour), over one background fill:
//   StaticTextPeer      QPainter::drawStaticText, each line a QStaticText prepared before timing
//                       (Qt's fastest way to draw text that does not change).
//   DrawTextPeer        QPainter::drawText of each line's pre-split QString (shaped per call).
//   FullFrameBlitPeer   one finished 1920x1080 frame drawn with drawImage: the floor for any
//                       frame of this size, whatever draws it.
//   PaintFrameUncached  our layout's lines drawn with QTextLine::draw every frame (no line cache).
// Scroll jitter (one iteration each, counters):
//   ScrollJitterSimulated  60 s at exactly 60 fps on a simulated clock, each frame rendered;
//   ScrollJitterRealTime   ONAIR_BENCH_PROMPTER_SECONDS (default 60) s paced at 60 Hz on the
//                          real clock (QElapsedTimer drives the controller), each frame rendered.
//   step = scroll offset change from frame to frame (px), as computed and as drawn (whole px).
//   Within a block, step / frame time must be the block's constant pixel speed; the counters
//   give mean, std dev, and the largest deviation of that speed inside blocks, and how much the
//   speed changes where a block ends (by design: each block's height over its word count).
#include "RatioReporter.h"
#include "ScriptFixture.h"
#include "app/PrompterController.h"
#include "ui/PrompterView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QStandardPaths>
#include <QStaticText>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

using namespace onair;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int viewWidth = 1920;
constexpr int viewHeight = 1080;
constexpr double frameMs = 1000.0 / 60.0;

app::Script script;

double envNumber(const char* name, double fallback) {
    const char* v = std::getenv(name);
    const double d = v != nullptr ? std::atof(v) : 0.0;
    return d > 0 ? d : fallback;
}

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

ui::PrompterSettings benchSettings() {
    ui::PrompterSettings s;
    s.fontFamily = QStringLiteral("DejaVu Sans");
    s.fontPointSize = 72;
    s.lineSpacing = 1.2;
    s.marginFraction = 0.1;
    return s;
}

// A controller on a clock the benchmark sets, scrolling from the middle of the script, and its
// view laid out.
struct Prompter {
    double nowMs = 0;
    app::PrompterController controller{[this] { return nowMs; }};
    ui::PrompterView view{controller};
    QImage image{viewWidth, viewHeight, QImage::Format_RGB32};

    Prompter() {
        controller.setScript(script);
        view.setSettings(benchSettings());
        view.resize(viewWidth, viewHeight);
        controller.jumpToWord(script.wordCount / 2.0);
        controller.start(0);
        view.render(&image); // lays out
    }
    void render() { view.render(&image); }
};

// The lines on screen at the prompter's current position: text, font and baseline position.
struct PeerLine {
    QString text;
    QFont font;
    QPointF baseline;
    QPointF topLeft;
    QStaticText prepared;
};

std::vector<PeerLine> visibleLines(Prompter& p) {
    std::vector<PeerLine> lines;
    const double top = std::round(p.view.scrollOffset());
    p.view.textLayout().forEachVisibleLine(
        top, viewHeight, p.view.textLeft(),
        [&](const QTextLayout& layout, int i, const QPointF& origin) {
            const QTextLine line = layout.lineAt(i);
            PeerLine l;
            l.text = layout.text().mid(line.textStart(), line.textLength());
            l.font = layout.font();
            l.topLeft = origin + line.position();
            l.baseline = l.topLeft + QPointF(0, line.ascent());
            l.prepared = QStaticText(l.text);
            l.prepared.setTextFormat(Qt::PlainText);
            l.prepared.prepare(QTransform(), l.font);
            lines.push_back(std::move(l));
        });
    return lines;
}

void reportPercentiles(benchmark::State& state, std::vector<double> t) {
    if (t.empty()) {
        return;
    }
    std::sort(t.begin(), t.end());
    state.counters["median_ms"] = t[t.size() / 2];
    state.counters["p99_ms"] = t[std::min(t.size() - 1, t.size() * 99 / 100)];
    state.counters["max_ms"] = t.back();
}

void paintFrame(benchmark::State& state, bool mirrored) {
    Prompter p;
    if (mirrored) {
        ui::PrompterSettings s = p.view.settings();
        s.mirrorHorizontal = true;
        p.view.setSettings(s);
    }
    std::vector<double> times;
    for (auto _ : state) {
        p.nowMs += frameMs;
        const auto t0 = Clock::now();
        p.controller.update();
        p.render();
        const double took = ms(Clock::now() - t0);
        state.SetIterationTime(took / 1000.0);
        times.push_back(took);
    }
    reportPercentiles(state, times);
    state.counters["lines_in_view"] = double(visibleLines(p).size());
}

void PaintFrame(benchmark::State& state) {
    paintFrame(state, false);
}
void PaintFrameMirrored(benchmark::State& state) {
    paintFrame(state, true);
}

// The peers draw the lines of the same frames: positions taken at each frame's offset before
// timing (a few hundred frames, cycled).
void peer(benchmark::State& state, bool prepared) {
    Prompter p;
    std::vector<std::vector<PeerLine>> frames;
    for (int i = 0; i < 240; ++i) {
        p.nowMs += frameMs;
        frames.push_back(visibleLines(p));
    }
    const ui::PrompterSettings::Palette pal = p.view.settings().palette();
    QImage image(viewWidth, viewHeight, QImage::Format_RGB32);
    std::vector<double> times;
    std::size_t f = 0;
    for (auto _ : state) {
        const auto& lines = frames[f++ % frames.size()];
        const auto t0 = Clock::now();
        QPainter painter(&image);
        painter.fillRect(image.rect(), pal.background);
        painter.setPen(pal.text);
        for (const PeerLine& l : lines) {
            painter.setFont(l.font);
            if (prepared) {
                painter.drawStaticText(l.topLeft, l.prepared);
            } else {
                painter.drawText(l.baseline, l.text);
            }
        }
        painter.end();
        const double took = ms(Clock::now() - t0);
        state.SetIterationTime(took / 1000.0);
        times.push_back(took);
    }
    reportPercentiles(state, times);
}

// Our layout without the line cache: each visible QTextLine drawn every frame (what the view
// did before the cache), to show what the cache buys.
void PaintFrameUncached(benchmark::State& state) {
    Prompter p;
    const ui::PrompterSettings::Palette pal = p.view.settings().palette();
    std::vector<double> times;
    for (auto _ : state) {
        p.nowMs += frameMs;
        const auto t0 = Clock::now();
        QPainter painter(&p.image);
        painter.fillRect(p.image.rect(), pal.background);
        painter.setPen(pal.text);
        p.view.textLayout().draw(painter, p.view.scrollOffset(), viewHeight, p.view.textLeft());
        painter.end();
        const double took = ms(Clock::now() - t0);
        state.SetIterationTime(took / 1000.0);
        times.push_back(took);
    }
    reportPercentiles(state, times);
}

// The floor for any frame of this size: one opaque 1920x1080 image (a frame of ours, rendered
// before timing) drawn into the target. Ours blits about the same pixels in bands.
void FullFrameBlitPeer(benchmark::State& state) {
    Prompter p;
    p.render();
    const QImage frame = p.image.copy();
    QImage target(viewWidth, viewHeight, QImage::Format_RGB32);
    std::vector<double> times;
    for (auto _ : state) {
        const auto t0 = Clock::now();
        QPainter painter(&target);
        painter.drawImage(0, 0, frame);
        painter.end();
        const double took = ms(Clock::now() - t0);
        state.SetIterationTime(took / 1000.0);
        times.push_back(took);
    }
    reportPercentiles(state, times);
}

void StaticTextPeer(benchmark::State& state) {
    peer(state, true);
}
void DrawTextPeer(benchmark::State& state) {
    peer(state, false);
}

void LayoutWholeScript(benchmark::State& state) {
    Prompter p;
    double size = 72;
    for (auto _ : state) {
        // A font change invalidates the layout: alternate 72 and 72.5 pt.
        ui::PrompterSettings s = p.view.settings();
        size = size == 72 ? 72.5 : 72;
        s.fontPointSize = size;
        p.view.setSettings(s);
        const auto t0 = Clock::now();
        benchmark::DoNotOptimize(p.view.textLayout().height());
        state.SetIterationTime(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    state.counters["blocks"] = p.view.textLayout().blockCount();
    state.counters["content_px"] = p.view.textLayout().height();
}

struct Sample {
    double ms;     // clock at the frame
    double offset; // scroll offset, as computed
    int block;     // block at the reading line
};

void reportJitter(benchmark::State& state, const std::vector<Sample>& s, double paintMs) {
    std::vector<double> steps, drawnSteps, speedDev, boundaryChange;
    // Steps inside a block, by block, for their spread around the block's mean step.
    std::vector<std::vector<double>> inBlock(std::size_t(script.blocks.size()));
    double sum = 0, sum2 = 0;
    // Pixel speed per block from its first two frames inside it; every later step in the block
    // is compared with it (px/s, so late frames are not counted as jitter when their step is
    // right for their time).
    std::vector<double> blockSpeed(std::size_t(script.blocks.size()), -1);
    double lastSpeed = -1;
    for (std::size_t i = 1; i < s.size(); ++i) {
        const double step = s[i].offset - s[i - 1].offset;
        const double dt = (s[i].ms - s[i - 1].ms) / 1000.0;
        steps.push_back(step);
        drawnSteps.push_back(std::round(s[i].offset) - std::round(s[i - 1].offset));
        sum += step;
        sum2 += step * step;
        if (dt <= 0) {
            continue;
        }
        const double speed = step / dt;
        if (s[i].block == s[i - 1].block) {
            inBlock[std::size_t(s[i].block)].push_back(step);
            double& ref = blockSpeed[std::size_t(s[i].block)];
            if (ref < 0) {
                ref = speed;
                if (lastSpeed > 0) {
                    boundaryChange.push_back(std::abs(speed - lastSpeed) / lastSpeed);
                }
            } else {
                speedDev.push_back(std::abs(speed - ref));
            }
            lastSpeed = speed;
        }
    }
    const double n = double(steps.size());
    const double mean = sum / n;
    state.counters["frames"] = double(s.size());
    state.counters["step_mean_px"] = mean;
    state.counters["step_sd_px"] = std::sqrt(std::max(0.0, sum2 / n - mean * mean));
    state.counters["step_max_px"] = *std::max_element(steps.begin(), steps.end());
    state.counters["speed_dev_in_block_max_px_s"] =
        speedDev.empty() ? 0 : *std::max_element(speedDev.begin(), speedDev.end());
    if (!boundaryChange.empty()) {
        double m = 0;
        for (double c : boundaryChange) {
            m += c;
        }
        state.counters["boundary_speed_change_mean_pct"] = 100 * m / double(boundaryChange.size());
        state.counters["boundary_speed_change_max_pct"] =
            100 * *std::max_element(boundaryChange.begin(), boundaryChange.end());
    }
    double dev2 = 0;
    std::size_t devN = 0;
    for (const auto& block : inBlock) {
        double m = 0;
        for (double st : block) {
            m += st;
        }
        m /= std::max<double>(1, double(block.size()));
        for (double st : block) {
            dev2 += (st - m) * (st - m);
            ++devN;
        }
    }
    state.counters["step_sd_in_block_px"] = devN > 0 ? std::sqrt(dev2 / double(devN)) : 0;
    double dsum = 0, dsum2 = 0;
    for (double d : drawnSteps) {
        dsum += d;
        dsum2 += d * d;
    }
    state.counters["drawn_step_sd_px"] =
        std::sqrt(std::max(0.0, dsum2 / n - (dsum / n) * (dsum / n)));
    state.counters["paint_mean_ms"] = paintMs / double(s.size());
}

void ScrollJitterSimulated(benchmark::State& state) {
    const double seconds = envNumber("ONAIR_BENCH_PROMPTER_SECONDS", 60);
    for (auto _ : state) {
        Prompter p;
        p.controller.jumpToWord(0); // from the top: more blocks crossed at 150 wpm in 60 s
        p.controller.start(0);
        std::vector<Sample> samples;
        double paint = 0;
        const double start = p.nowMs;
        for (int frame = 0; frame < int(seconds * 60); ++frame) {
            p.nowMs = start + frame * frameMs;
            const auto t0 = Clock::now();
            p.controller.update();
            p.render();
            paint += ms(Clock::now() - t0);
            samples.push_back({p.nowMs, p.view.scrollOffset(),
                               p.controller.readingMap().blockAt(p.controller.readingUnits())});
        }
        reportJitter(state, samples, paint);
    }
}

// Real frame times: the controller reads a QElapsedTimer (its default clock), frames are paced
// at 60 Hz by sleeping to each deadline, so late wake-ups and slow paints show as they would.
void ScrollJitterRealTime(benchmark::State& state) {
    const double seconds = envNumber("ONAIR_BENCH_PROMPTER_SECONDS", 60);
    for (auto _ : state) {
        QElapsedTimer clock;
        clock.start();
        // Each frame reads the clock once, at its start, as a compositor's frame timestamp:
        // the offset drawn and the offset recorded are the same.
        double frameAt = 0;
        app::PrompterController controller([&frameAt] { return frameAt; });
        ui::PrompterView view(controller);
        controller.setScript(script);
        view.setSettings(benchSettings());
        view.resize(viewWidth, viewHeight);
        QImage image(viewWidth, viewHeight, QImage::Format_RGB32);
        view.render(&image);
        controller.start(0);
        std::vector<Sample> samples;
        double paint = 0, lateMax = 0;
        const auto start = Clock::now();
        for (int frame = 0; frame < int(seconds * 60); ++frame) {
            const auto deadline =
                start + std::chrono::microseconds(std::llround(frame * frameMs * 1000));
            std::this_thread::sleep_until(deadline);
            lateMax = std::max(lateMax, ms(Clock::now() - deadline));
            frameAt = double(clock.nsecsElapsed()) / 1e6;
            const auto t0 = Clock::now();
            controller.update();
            view.render(&image);
            paint += ms(Clock::now() - t0);
            samples.push_back({frameAt, view.scrollOffset(),
                               controller.readingMap().blockAt(controller.readingUnits())});
        }
        reportJitter(state, samples, paint);
        state.counters["wake_late_max_ms"] = lateMax;
    }
}

BENCHMARK(PaintFrame)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(StaticTextPeer)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(DrawTextPeer)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(FullFrameBlitPeer)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(PaintFrameUncached)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(PaintFrameMirrored)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(LayoutWholeScript)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(ScrollJitterSimulated)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(ScrollJitterRealTime)->Unit(benchmark::kMillisecond)->Iterations(1);

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen"); // the same figures with or without a display
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // no user settings read or written
    benchmark::Initialize(&argc, argv);
    script = test::makeLongScript(10000);
    std::printf("script: %d words, %lld blocks, %lld sections; view %dx%d offscreen, 72 pt\n",
                script.wordCount, static_cast<long long>(script.blocks.size()),
                static_cast<long long>(script.sections.size()), viewWidth, viewHeight);
    bench::RatioReporter reporter(
        {
            {"PaintFrame", "StaticTextPeer", "prepared text alone / our frame"},
            {"PaintFrame", "DrawTextPeer", "drawText per line / our frame"},
            {"PaintFrame", "FullFrameBlitPeer", "one full-frame blit / our frame"},
            {"PaintFrame", "PaintFrameUncached", "our lines drawn uncached / our frame"},
        },
        {
            {"PaintFrame", 0.002, "of the 2 ms goal"},
            {"PaintFrameMirrored", 0.002, "of the 2 ms goal"},
        });
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
