#pragma once

#include <QColor>
#include <QString>

namespace onair::ui {

// How the prompter looks and starts, remembered between sessions (QSettings group "prompter").
// Values out of range (a hand-edited file) are clamped on load, never trusted.
struct PrompterSettings {
    enum class Colours { WhiteOnBlack, YellowOnBlack, BlackOnWhite };
    struct Palette {
        QColor background, text, heading, cue, marker;
        QColor band; // translucent: laid over the text at the reading line
        bool operator==(const Palette&) const = default;
    };

    QString fontFamily{}; // empty: the system's sans-serif
    double fontPointSize = 64;
    double lineSpacing = 1.2;    // times the font's line height
    double marginFraction = 0.1; // each side margin, as a fraction of the width
    Colours colours = Colours::WhiteOnBlack;
    bool mirrorHorizontal = false; // for beam-splitter glass
    bool mirrorVertical = false;
    double readingLine = 0.33; // the reading line's height, as a fraction from the top
    double wordsPerMinute = 150;
    bool countdown = true; // 3-2-1 before scrolling starts
    QString screen{};      // the screen to go full screen on (QScreen::name), empty: the current

    static constexpr double minFontPointSize = 12;
    static constexpr double maxFontPointSize = 200;

    static Palette palette(Colours colours);
    Palette palette() const { return palette(colours); }
    void clamp();

    static PrompterSettings load();
    void save() const;

    bool operator==(const PrompterSettings&) const = default;
};

} // namespace onair::ui
