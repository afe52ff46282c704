// The overlay's phone player (/watch/<name>, streams/watch.ts): plays the playlist in the video's
// data-src with hls.js, sending the data-bearer MediaMTX JWT when there is one (MEDIAMTX_AUTH=jwt;
// in http mode the person's playback token is in the URL already). Served as a file so the page
// needs no inline script.
(function () {
  'use strict';
  var video = document.getElementById('player');
  var status = document.getElementById('player-status');
  var src = video.getAttribute('data-src');
  var bearer = video.getAttribute('data-bearer');
  var RETRY_MS = 10000;

  function say(text) {
    status.textContent = text;
  }

  // A new page load brings a fresh credential: tokens are checked when a playback session starts.
  function retryLater() {
    say('The stream is not playing right now (offline, or not reachable). Trying again shortly…');
    setTimeout(function () {
      location.reload();
    }, RETRY_MS);
  }

  function play() {
    var started = video.play();
    if (started && started.catch)
      started.catch(function () {
        say('Tap play to start.');
      });
  }

  if (window.Hls && window.Hls.isSupported()) {
    var hls = new window.Hls({
      xhrSetup: bearer
        ? function (xhr) {
            xhr.setRequestHeader('Authorization', 'Bearer ' + bearer);
          }
        : undefined,
    });
    hls.on(window.Hls.Events.MANIFEST_PARSED, function () {
      say('');
      play();
    });
    hls.on(window.Hls.Events.ERROR, function (_event, data) {
      if (!data.fatal) return;
      hls.destroy();
      retryLater();
    });
    hls.loadSource(src);
    hls.attachMedia(video);
  } else if (!bearer && video.canPlayType('application/vnd.apple.mpegurl')) {
    // Safari without MediaSource plays HLS itself; it cannot send a header, so only with the token in the URL.
    video.addEventListener('loadedmetadata', function () {
      say('');
      play();
    });
    video.addEventListener('error', retryLater);
    video.src = src;
  } else {
    say('This browser cannot play this stream.');
  }
})();
