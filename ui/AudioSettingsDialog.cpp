#include "ui/AudioSettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>

namespace onair::ui {
namespace {

void selectData(QComboBox* box, const QVariant& value) {
    const int i = box->findData(value);
    box->setCurrentIndex(i >= 0 ? i : 0);
}

} // namespace

AudioSettingsDialog::AudioSettingsDialog(const app::AudioSettings& current,
                                         std::vector<audio::HostApiInfo> hostApis,
                                         std::vector<audio::AudioDeviceInfo> devices,
                                         QWidget* parent)
    : QDialog(parent)
    , hostApis_(std::move(hostApis))
    , devices_(std::move(devices))
    , initial_(current) {
    setWindowTitle(tr("Audio Settings"));
    setObjectName(QStringLiteral("audioSettingsDialog"));

    hostApi_ = new QComboBox(this);
    hostApi_->setObjectName(QStringLiteral("hostApiBox"));
    hostApi_->addItem(tr("Any"), QString());
    for (const auto& api : hostApis_) {
        hostApi_->addItem(QString::fromStdString(api.name), QString::fromStdString(api.name));
    }
    selectData(hostApi_, current.hostApi);

    input_ = new QComboBox(this);
    input_->setObjectName(QStringLiteral("inputBox"));
    output_ = new QComboBox(this);
    output_->setObjectName(QStringLiteral("outputBox"));
    fillDevices();
    connect(hostApi_, &QComboBox::currentIndexChanged, this, &AudioSettingsDialog::fillDevices);

    rate_ = new QComboBox(this);
    rate_->setObjectName(QStringLiteral("rateBox"));
    for (double r : {44100.0, 48000.0, 96000.0}) {
        rate_->addItem(tr("%1 Hz").arg(r, 0, 'f', 0), r);
    }
    selectData(rate_, current.sampleRate);

    buffer_ = new QComboBox(this);
    buffer_->setObjectName(QStringLiteral("bufferBox"));
    for (int b : {64, 128, 256, 512, 1024, 2048, 4096}) {
        buffer_->addItem(tr("%1 frames").arg(b), b);
    }
    selectData(buffer_, current.framesPerBuffer);

    format_ = new QComboBox(this);
    format_->setObjectName(QStringLiteral("formatBox"));
    format_->addItem(tr("WAV, 24-bit (RF64 beyond 4 GiB)"), int(audio::TakeFormat::Pcm24));
    format_->addItem(tr("WAV, 32-bit float"), int(audio::TakeFormat::Float32));
    format_->addItem(tr("FLAC, 24-bit (smaller files)"), int(audio::TakeFormat::Flac));
    selectData(format_, int(current.format));

    auto* form = new QFormLayout;
    form->addRow(tr("Host API:"), hostApi_);
    form->addRow(tr("Input device:"), input_);
    form->addRow(tr("Output device:"), output_);
    form->addRow(tr("Sample rate:"), rate_);
    form->addRow(tr("Buffer size:"), buffer_);
    form->addRow(tr("Take files:"), format_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    if (devices_.empty()) {
        auto* none = new QLabel(tr("No audio devices found. Connect one, or start JACK / "
                                   "PipeWire, then restart OnAir."),
                                this);
        none->setWordWrap(true);
        layout->addWidget(none);
    }
    layout->addWidget(buttons);
}

void AudioSettingsDialog::fillDevices() {
    const QString api = hostApi_->currentData().toString();
    const QString keepIn =
        input_->count() ? input_->currentData().toString() : initial_.inputDevice;
    const QString keepOut =
        output_->count() ? output_->currentData().toString() : initial_.outputDevice;
    input_->clear();
    output_->clear();
    input_->addItem(tr("Default input"), QString());
    output_->addItem(tr("Default output"), QString());
    for (const auto& d : devices_) {
        if (!api.isEmpty() && QString::fromStdString(d.hostApiName) != api) {
            continue;
        }
        const QString name = QString::fromStdString(d.name);
        if (d.maxInputChannels > 0) {
            input_->addItem(tr("%1 (%2 in)").arg(name).arg(d.maxInputChannels), name);
        }
        if (d.maxOutputChannels > 0) {
            output_->addItem(tr("%1 (%2 out)").arg(name).arg(d.maxOutputChannels), name);
        }
    }
    selectData(input_, keepIn);
    selectData(output_, keepOut);
}

app::AudioSettings AudioSettingsDialog::settings() const {
    app::AudioSettings s;
    s.hostApi = hostApi_->currentData().toString();
    s.inputDevice = input_->currentData().toString();
    s.outputDevice = output_->currentData().toString();
    s.sampleRate = rate_->currentData().toDouble();
    s.framesPerBuffer = buffer_->currentData().toInt();
    s.format = audio::TakeFormat(format_->currentData().toInt());
    return s;
}

} // namespace onair::ui
