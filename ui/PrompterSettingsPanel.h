#pragma once

#include "ui/PrompterSettings.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFontComboBox;
class QSpinBox;

namespace onair::ui {

// The prompter's looks and start-up, edited live: every change is applied at once (the host
// sees the prompter change while adjusting it), not on OK.
class PrompterSettingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit PrompterSettingsPanel(QWidget* parent = nullptr);

    PrompterSettings settings() const;
    void setSettings(const PrompterSettings& settings); // emits nothing
    // Refills the screen list (screens come and go: a projector plugged in).
    void refreshScreens();

signals:
    void settingsEdited(const onair::ui::PrompterSettings& settings);
    void fullScreenRequested();

private:
    void edited();

    PrompterSettings base_; // what the panel does not show is kept as it was
    QFontComboBox* font_;
    QDoubleSpinBox* size_;
    QDoubleSpinBox* spacing_;
    QSpinBox* margins_;
    QComboBox* colours_;
    QCheckBox* mirrorH_;
    QCheckBox* mirrorV_;
    QSpinBox* readingLine_;
    QSpinBox* speed_;
    QCheckBox* countdown_;
    QComboBox* screen_;
    QString shownFamily_; // the combo's family when loaded: unchanged keeps "system font"
    bool loading_ = false;
};

} // namespace onair::ui
