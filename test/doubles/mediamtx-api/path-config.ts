// Path configurations served by /v3/config/paths/*: MediaMTX v1.20 path defaults, with the
// stock installer's configured names. Deprecated nullable keys are omitted, as MediaMTX does.

export function defaultPathConf(name: string): Record<string, unknown> {
  return {
    name,
    source: 'publisher', sourceFingerprint: '', sourceOnDemand: false,
    sourceOnDemandStartTimeout: '10s', sourceOnDemandCloseAfter: '10s', maxReaders: 0,
    srtReadPassphrase: '', useAbsoluteTimestamp: false, alwaysAvailable: false,
    alwaysAvailableFile: '', alwaysAvailableTracks: [],
    record: false, recordPath: './recordings/%path/%Y-%m-%d_%H-%M-%S-%f', recordFormat: 'fmp4',
    recordPartDuration: '1s', recordMaxPartSize: '50M', recordSegmentDuration: '1h',
    recordDeleteAfter: '1d',
    overridePublisher: true, srtPublishPassphrase: '',
    rtspTransport: 'automatic', rtspAnyPort: false, rtspRangeType: '', rtspRangeStart: '',
    rtspScale: '', rtspDemuxMpegts: false, rtspUDPSourcePortRange: [10000, 65535],
    sourceRedirect: '', rtpSDP: '', moqTransport: 'auto',
    whepBearerToken: '', whepHandshakeTimeout: '10s', whepTrackGatherTimeout: '2s',
    whepSTUNGatherTimeout: '5s',
    forward: [],
    ...rpiCameraDefaults(),
    runOnInit: '', runOnInitRestart: false, runOnDemand: '', runOnDemandRestart: false,
    runOnDemandStartTimeout: '10s', runOnDemandCloseAfter: '10s', runOnUnDemand: '',
    runOnAvailable: '', runOnAvailableRestart: false, runOnUnavailable: '',
    runOnOnline: '', runOnOnlineRestart: false, runOnOffline: '',
    runOnRead: '', runOnReadRestart: false, runOnUnread: '',
    runOnRecordSegmentCreate: '', runOnRecordSegmentComplete: '',
  };
}

function rpiCameraDefaults(): Record<string, unknown> {
  return {
    rpiCameraCamID: 0, rpiCameraSecondary: false, rpiCameraWidth: 1920, rpiCameraHeight: 1080,
    rpiCameraHFlip: false, rpiCameraVFlip: false, rpiCameraBrightness: 0, rpiCameraContrast: 1,
    rpiCameraSaturation: 1, rpiCameraSharpness: 1, rpiCameraExposure: 'normal',
    rpiCameraAWB: 'auto', rpiCameraAWBGains: [0, 0], rpiCameraDenoise: 'off', rpiCameraShutter: 0,
    rpiCameraMetering: 'centre', rpiCameraGain: 0, rpiCameraEV: 0, rpiCameraROI: '',
    rpiCameraHDR: false, rpiCameraTuningFile: '', rpiCameraMode: '', rpiCameraFPS: 30,
    rpiCameraAfMode: 'continuous', rpiCameraAfRange: 'normal', rpiCameraAfSpeed: 'normal',
    rpiCameraLensPosition: 0, rpiCameraAfWindow: '', rpiCameraFlickerPeriod: 0,
    rpiCameraTextOverlayEnable: false, rpiCameraTextOverlay: '%Y-%m-%d %H:%M:%S - MediaMTX',
    rpiCameraCodec: 'auto', rpiCameraIDRPeriod: 60, rpiCameraBitrate: 5_000_000,
    rpiCameraH264Profile: 'main', rpiCameraH264Level: '4.1', rpiCameraMJPEGQuality: 60,
  };
}

/** The configured names of the stock installer: the test stream and the catch-all. */
export const STOCK_PATH_CONF_NAMES = ['all_others', 'teststream'];
