# Common Ground app image: signalling + SFU (mediasoup 3.8.4 worker built from source) + client.
FROM node:20-bookworm

# python3, make and g++ build the mediasoup worker; ffmpeg is used by the recorder.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ ffmpeg \
  && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
# Installs dependencies, builds (and caches) the mediasoup worker, generates the Prisma client and
# builds the client bundle.
RUN npm run setup

ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 3000 40000-40100/udp 40000-40100/tcp
CMD ["npm", "start"]
