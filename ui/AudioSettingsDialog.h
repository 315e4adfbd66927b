#pragma once

#include "app/AudioSettings.h"
#include "audio/AudioDeviceInfo.h"

#include <QDialog>
#include <vector>

class QComboBox;

namespace onair::ui {

// Edit -> Audio Settings: host API, input and output device, sample rate, buffer size and the
// take file format. Devices are listed from the engine and stored by name.
class AudioSettingsDialog : public QDialog {
    Q_OBJECT
public:
    AudioSettingsDialog(const app::AudioSettings& current, std::vector<audio::HostApiInfo> hostApis,
                        std::vector<audio::AudioDeviceInfo> devices, QWidget* parent = nullptr);

    app::AudioSettings settings() const;

private:
    void fillDevices();

    std::vector<audio::HostApiInfo> hostApis_;
    std::vector<audio::AudioDeviceInfo> devices_;
    app::AudioSettings initial_;
    QComboBox* hostApi_ = nullptr;
    QComboBox* input_ = nullptr;
    QComboBox* output_ = nullptr;
    QComboBox* rate_ = nullptr;
    QComboBox* buffer_ = nullptr;
    QComboBox* format_ = nullptr;
};

} // namespace onair::ui
