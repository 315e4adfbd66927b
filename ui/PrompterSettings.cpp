#include "ui/PrompterSettings.h"

#include "app/PrompterController.h"

#include <QSettings>
#include <algorithm>

namespace onair::ui {
namespace {

const char* colourNames[] = {"white-on-black", "yellow-on-black", "black-on-white"};

} // namespace

PrompterSettings::Palette PrompterSettings::palette(Colours colours) {
    // Headings take a colour of their own so a section change stands out at a glance; cues and
    // speaker labels are dimmer so the eye knows not to read them.
    switch (colours) {
    case Colours::YellowOnBlack:
        return {Qt::black,
                QColor(0xff, 0xe0, 0x40),
                QColor(0xff, 0xff, 0xff),
                QColor(0x9a, 0x8c, 0x50),
                QColor(0xff, 0x50, 0x40),
                QColor(0xff, 0xe0, 0x40, 0x22)};
    case Colours::BlackOnWhite:
        return {Qt::white,
                Qt::black,
                QColor(0x10, 0x3c, 0x96),
                QColor(0x70, 0x70, 0x70),
                QColor(0xd0, 0x20, 0x20),
                QColor(0x00, 0x00, 0x00, 0x18)};
    case Colours::WhiteOnBlack:
        break;
    }
    return {Qt::black,
            Qt::white,
            QColor(0x6c, 0xd0, 0xff),
            QColor(0x8c, 0x8c, 0x8c),
            QColor(0xff, 0x50, 0x40),
            QColor(0xff, 0xff, 0xff, 0x20)};
}

void PrompterSettings::clamp() {
    fontPointSize = std::clamp(fontPointSize, minFontPointSize, maxFontPointSize);
    lineSpacing = std::clamp(lineSpacing, 0.8, 3.0);
    marginFraction = std::clamp(marginFraction, 0.0, 0.4);
    readingLine = std::clamp(readingLine, 0.05, 0.95);
    wordsPerMinute = std::clamp(wordsPerMinute, app::PrompterController::minWordsPerMinute,
                                app::PrompterController::maxWordsPerMinute);
}

PrompterSettings PrompterSettings::load() {
    QSettings s;
    s.beginGroup(QStringLiteral("prompter"));
    PrompterSettings p;
    p.fontFamily = s.value(QStringLiteral("fontFamily"), p.fontFamily).toString();
    p.fontPointSize = s.value(QStringLiteral("fontPointSize"), p.fontPointSize).toDouble();
    p.lineSpacing = s.value(QStringLiteral("lineSpacing"), p.lineSpacing).toDouble();
    p.marginFraction = s.value(QStringLiteral("marginFraction"), p.marginFraction).toDouble();
    const QString colours = s.value(QStringLiteral("colours")).toString();
    for (int i = 0; i < 3; ++i) {
        if (colours == QLatin1String(colourNames[i])) {
            p.colours = Colours(i);
        }
    }
    p.mirrorHorizontal = s.value(QStringLiteral("mirrorHorizontal"), false).toBool();
    p.mirrorVertical = s.value(QStringLiteral("mirrorVertical"), false).toBool();
    p.readingLine = s.value(QStringLiteral("readingLine"), p.readingLine).toDouble();
    p.wordsPerMinute = s.value(QStringLiteral("wordsPerMinute"), p.wordsPerMinute).toDouble();
    p.countdown = s.value(QStringLiteral("countdown"), true).toBool();
    p.screen = s.value(QStringLiteral("screen")).toString();
    p.clamp();
    return p;
}

void PrompterSettings::save() const {
    QSettings s;
    s.beginGroup(QStringLiteral("prompter"));
    s.setValue(QStringLiteral("fontFamily"), fontFamily);
    s.setValue(QStringLiteral("fontPointSize"), fontPointSize);
    s.setValue(QStringLiteral("lineSpacing"), lineSpacing);
    s.setValue(QStringLiteral("marginFraction"), marginFraction);
    s.setValue(QStringLiteral("colours"), QLatin1String(colourNames[int(colours)]));
    s.setValue(QStringLiteral("mirrorHorizontal"), mirrorHorizontal);
    s.setValue(QStringLiteral("mirrorVertical"), mirrorVertical);
    s.setValue(QStringLiteral("readingLine"), readingLine);
    s.setValue(QStringLiteral("wordsPerMinute"), wordsPerMinute);
    s.setValue(QStringLiteral("countdown"), countdown);
    s.setValue(QStringLiteral("screen"), screen);
}

} // namespace onair::ui
